import { z } from 'zod';
import type { TidingsDb } from '$lib/db/database';
import type { LocalEntry } from '$lib/db/schema';
import { loadEntryIds } from './entry-ids';

export interface SearchHit {
	entryId: number;
	title: string;
	/** Plain text: the server's highlight markup is reduced to its text, so nothing here is HTML. */
	snippet: string;
}

/** The server accepts at most 100; the device search stops at the same number. */
const RESULT_LIMIT = 100;

/** The server's answer, read leniently: only the fields the list needs. */
const serverHitSchema = z.looseObject({
	id: z.number().int().optional(),
	entryId: z.number().int().optional(),
	titleHtml: z.string().nullable().optional(),
	snippetHtml: z.string().nullable().optional()
});
const serverAnswerSchema = z.looseObject({ results: z.array(serverHitSchema) });

/** The text of the server's highlighted HTML (<mark>…</mark>, entities); DOMParser never runs scripts. */
function plain(html: string | null | undefined): string {
	if (!html) return '';
	return new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
}

/** `request` is the session's authenticated request, so a 401 here ends the session like any other. */
export async function searchOnServer(query: string, request: (path: string) => Promise<unknown>): Promise<SearchHit[]> {
	const answer = serverAnswerSchema.parse(
		await request(`/search?q=${encodeURIComponent(query)}&limit=${RESULT_LIMIT}`)
	);
	return answer.results.flatMap((hit) => {
		const entryId = hit.entryId ?? hit.id;
		return entryId === undefined ? [] : [{ entryId, title: plain(hit.titleHtml), snippet: plain(hit.snippetHtml) }];
	});
}

/** Rows read at a time while the device search scans. */
const SCAN_CHUNK = 200;

/**
 * Offline search over the entries stored on this device: every word must appear in the title, author or summary.
 * It scans rows, newest first (the All list's order), and stops at a limit, which IndexedDB's lack of full-text
 * indexes leaves as the way.
 */
export async function searchOnDevice(db: TidingsDb, query: string): Promise<SearchHit[]> {
	const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return [];
	const ids = await loadEntryIds(db, { kind: 'all' }, { sortOrder: 'newest', hideRead: false });
	const hits: SearchHit[] = [];
	for (let start = 0; start < ids.length && hits.length < RESULT_LIMIT; start += SCAN_CHUNK) {
		for (const e of await db.entries.bulkGet(ids.slice(start, start + SCAN_CHUNK))) {
			if (e && hasEveryWord(e, words)) {
				hits.push({ entryId: e.id, title: e.title, snippet: (e.summary ?? '').slice(0, 200) });
			}
		}
	}
	return hits.slice(0, RESULT_LIMIT);
}

function hasEveryWord(entry: LocalEntry, words: string[]): boolean {
	const text = `${entry.title} ${entry.author ?? ''} ${entry.summary ?? ''}`.toLocaleLowerCase();
	return words.every((w) => text.includes(w));
}
