import { SqliteError } from 'better-sqlite3';
import type { Sql } from '../db/sql';
import { invalid } from '../domain-errors';
import { MATCH_END, MATCH_START, searchEntries } from './search-repo';

export interface SearchResult {
	entryId: number;
	feedId: number;
	url: string | null;
	publishedAt: number;
	/** HTML: the text escaped, matches in <mark>. */
	titleHtml: string;
	snippetHtml: string;
}

/**
 * Turns what the user typed into an FTS5 query that cannot be a syntax error: every word becomes a quoted
 * phrase (quotes doubled), all must match; a trailing * keeps its meaning as a prefix search.
 */
export function toMatchQuery(q: string): string | null {
	const terms = q
		// Control characters are never part of a word (a NUL would even end FTS5's quoted string early).
		.replace(/\p{Cc}/gu, ' ')
		.split(/\s+/)
		.map((word) => {
			const prefix = word.endsWith('*');
			const text = word.replace(/\*+$/, '');
			return text ? `"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}` : '';
		})
		.filter(Boolean);
	return terms.length ? terms.join(' ') : null;
}

const escapeHtml = (text: string) =>
	text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function markedToHtml(marked: string): string {
	return escapeHtml(marked).replaceAll(MATCH_START, '<mark>').replaceAll(MATCH_END, '</mark>');
}

export async function search(db: Sql, userId: number, q: string, limit: number): Promise<SearchResult[]> {
	const match = toMatchQuery(q);
	if (!match) return [];
	let rows;
	try {
		rows = await searchEntries(db, userId, match, limit);
	} catch (err) {
		// Quoting should make this impossible; if FTS5 still rejects the query, it is the query's fault, not a 500.
		if (err instanceof SqliteError && /fts5|syntax/i.test(err.message)) {
			throw invalid(`the search query cannot be understood: ${err.message}`);
		}
		throw err;
	}
	return rows.map((row) => ({
		entryId: row.id,
		feedId: row.feed_id,
		url: row.url,
		publishedAt: row.published_at,
		titleHtml: markedToHtml(row.title_marked),
		snippetHtml: markedToHtml(row.snippet_marked)
	}));
}
