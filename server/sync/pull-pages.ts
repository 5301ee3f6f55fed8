import type { Sql } from '../db/sql';
import type { PullResponse } from '#shared/sync';
import type { PagePosition, PullPhase, PullRound } from './pull-cookie';
import { entryWeight, toSyncEntry, toSyncEntryState } from './pull-rows';
import {
	deletedEntriesPage,
	entriesWithStates,
	entryIdsPage,
	statesPage,
	type PageQuery,
	type VersionedId
} from './repos/pull-repo';

/** What is left of a page: rows of any kind, and characters of entry text. */
export interface PageBudget {
	rows: number;
	chars: number;
}

/** Entries are read in chunks, so a page of large entries stops early without reading the rest. */
const ENTRY_CHUNK = 200;

/** A round's phases, in the order its pages read them. */
export const PULL_PHASES: readonly PullPhase[] = ['entries', 'states', 'deletedEntries'];

const pageQueries: Record<PullPhase, (db: Sql, q: PageQuery) => Promise<VersionedId[]>> = {
	entries: entryIdsPage,
	states: statesPage,
	deletedEntries: deletedEntriesPage
};

type PhaseFiller = (
	db: Sql,
	q: PageQuery,
	budget: PageBudget,
	response: PullResponse
) => Promise<VersionedId | undefined>;

const fillers: Record<PullPhase, PhaseFiller> = {
	entries: fillEntries,
	states: async (db, q, budget, response) =>
		fillSimple(await statesPage(db, { ...q, limit: budget.rows }), budget, (row) =>
			response.entryStates.push(toSyncEntryState(row))
		),
	deletedEntries: async (db, q, budget, response) =>
		fillSimple(await deletedEntriesPage(db, { ...q, limit: budget.rows }), budget, (row) =>
			response.deleted.entries.push(row.id)
		)
};

/**
 * Fills the page from the round's position through the phases in order (`phases`: those that can have rows).
 * Returns where the page stopped when the budget ran out and more remains; undefined when the round is complete.
 */
export async function fillPage(
	db: Sql,
	userId: number,
	round: PullRound,
	budget: PageBudget,
	response: PullResponse,
	phases: readonly PullPhase[] = PULL_PHASES
): Promise<PagePosition | undefined> {
	const start = round.position ? phases.indexOf(round.position.phase) : 0;
	for (let i = start; i < phases.length; i++) {
		const phase = phases[i]!;
		const from = i === start && round.position ? round.position : { version: 0, id: 0 };
		const q: PageQuery = {
			userId,
			after: round.after,
			upTo: round.upTo,
			fromVersion: from.version,
			fromId: from.id,
			limit: 0
		};
		const last = await fillers[phase](db, q, budget, response);
		if (last) {
			const stop = { phase, version: last.version, id: last.id };
			return (await anyLeft(db, userId, round, stop, phases)) ? stop : undefined;
		}
	}
	return undefined;
}

/** Whether anything follows a position in this round, so `hasMore` is never true before an empty page. */
async function anyLeft(
	db: Sql,
	userId: number,
	round: PullRound,
	stop: PagePosition,
	phases: readonly PullPhase[]
): Promise<boolean> {
	for (const phase of phases.slice(phases.indexOf(stop.phase))) {
		const from = phase === stop.phase ? stop : { version: 0, id: 0 };
		const q = { userId, after: round.after, upTo: round.upTo, fromVersion: from.version, fromId: from.id, limit: 1 };
		if ((await pageQueries[phase](db, q)).length > 0) return true;
	}
	return false;
}

/** Adds rows to the page; returns the last one when the budget is used up, undefined when the phase is done. */
function fillSimple<R extends VersionedId>(
	rows: R[],
	budget: PageBudget,
	add: (row: R) => void
): VersionedId | undefined {
	rows.forEach(add);
	budget.rows -= rows.length;
	return budget.rows <= 0 ? rows.at(-1) : undefined;
}

async function fillEntries(
	db: Sql,
	q: PageQuery,
	budget: PageBudget,
	response: PullResponse
): Promise<VersionedId | undefined> {
	let from: VersionedId = { version: q.fromVersion, id: q.fromId };
	if (budget.rows <= 0 || budget.chars <= 0) return from;
	// The page's ids in one query: it sorts all of the round's candidates each time, so asking once per chunk cost
	// a third of an initial pull (bench/pull.ts). Content is still read chunk by chunk, so a page of large entries
	// stops early without reading the rest.
	const limit = budget.rows;
	const ids = await entryIdsPage(db, { ...q, limit });
	for (let start = 0; start < ids.length; start += ENTRY_CHUNK) {
		const chunk = ids.slice(start, start + ENTRY_CHUNK);
		const rows = new Map(
			(
				await entriesWithStates(
					db,
					q.userId,
					chunk.map((r) => r.id)
				)
			).map((row) => [row.id, row])
		);
		for (const id of chunk) {
			const row = rows.get(id.id)!;
			response.entries.push(toSyncEntry(row));
			if (row.read !== null) response.entryStates.push(toSyncEntryState(row));
			budget.rows -= 1;
			budget.chars -= entryWeight(row);
			from = id;
			if (budget.chars <= 0) return from;
		}
	}
	return ids.length < limit ? undefined : from;
}
