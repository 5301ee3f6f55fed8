import { SqliteError } from 'better-sqlite3';
import type { Sql } from '../db/sql';
import { invalid } from '../domain-errors';
import { MATCH_END, MATCH_START, searchEntries, type SearchTerm } from './search-repo';

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
 * Splits what the user typed into words, all of which must match; a trailing * keeps its meaning as a prefix
 * search. The repo quotes each word for its engine, so nothing the user types is query syntax.
 */
export function toSearchTerms(q: string): SearchTerm[] {
	return (
		q
			// Control characters are never part of a word (a NUL would even end FTS5's quoted string early).
			.replace(/\p{Cc}/gu, ' ')
			.split(/\s+/)
			.map((word) => ({ text: word.replace(/\*+$/, ''), prefix: word.endsWith('*') }))
			.filter((term) => term.text)
	);
}

const escapeHtml = (text: string) =>
	text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function markedToHtml(marked: string): string {
	return escapeHtml(marked).replaceAll(MATCH_START, '<mark>').replaceAll(MATCH_END, '</mark>');
}

export async function search(db: Sql, userId: number, q: string, limit: number): Promise<SearchResult[]> {
	const terms = toSearchTerms(q);
	if (terms.length === 0) return [];
	let rows;
	try {
		rows = await searchEntries(db, userId, terms, limit);
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
