import { z } from 'zod';

/**
 * The pull cookie, opaque to devices (base64url JSON). A pull delivers a "round": every change with a version in
 * (after, upTo], where upTo is the database's version when the round began. Small per-user rows (folders,
 * subscriptions, deletions of those, settings) go out in a round's first page; then entries, entry states and
 * entry deletions are paged in that order, each by (version, id). Between pages the cookie carries the round
 * and the position; at the end of a round it is just `{ v: upTo }`, the start of the next one.
 */
export type PullPhase = 'entries' | 'states' | 'deletedEntries';

export interface PagePosition {
	phase: PullPhase;
	/** The last (version, id) delivered in this phase. */
	version: number;
	id: number;
}

export interface PullRound {
	after: number;
	upTo: number;
	/** Absent at the start of a round. */
	position?: PagePosition;
}

const phaseCodes = { entries: 'e', states: 's', deletedEntries: 'x' } as const satisfies Record<PullPhase, string>;
const phaseOfCode = { e: 'entries', s: 'states', x: 'deletedEntries' } as const;

const versionNumber = z.number().int().nonnegative();
const cookieSchema = z.union([
	z.object({ v: versionNumber }).strict(),
	z
		.object({
			v: versionNumber,
			t: versionNumber,
			p: z.enum(['e', 's', 'x']),
			c: z.tuple([versionNumber, versionNumber])
		})
		.strict()
]);

export function encodeRoundEnd(upTo: number): string {
	return Buffer.from(JSON.stringify({ v: upTo })).toString('base64url');
}

export function encodePosition(round: { after: number; upTo: number }, position: PagePosition): string {
	const cookie = { v: round.after, t: round.upTo, p: phaseCodes[position.phase], c: [position.version, position.id] };
	return Buffer.from(JSON.stringify(cookie)).toString('base64url');
}

/**
 * The round a cookie continues, or undefined when it cannot be read. A finished round's cookie starts the next
 * one, up to `currentVersion`.
 */
export function decodeCookie(cookie: string, currentVersion: number): PullRound | undefined {
	let json: unknown;
	try {
		json = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	const parsed = cookieSchema.safeParse(json);
	if (!parsed.success) return undefined;
	const data = parsed.data;
	if (!('t' in data)) return { after: data.v, upTo: currentVersion };
	if (data.t < data.v) return undefined;
	return { after: data.v, upTo: data.t, position: { phase: phaseOfCode[data.p], version: data.c[0], id: data.c[1] } };
}
