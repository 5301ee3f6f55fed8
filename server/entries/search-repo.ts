import type { Sql } from '../db/sql';

export interface SearchRow {
	id: number;
	feed_id: number;
	url: string | null;
	published_at: number;
	title_marked: string;
	snippet_marked: string;
	rank: number;
}

/** Marks around matches: private-use characters that never occur in text, turned into <mark> after escaping. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/**
 * Full-text search over the entries of this user's feeds, best first (bm25 with the title weighted above the
 * author and the text). `match` is an FTS5 query; the caller builds it so user input cannot be a syntax error.
 */
export async function searchEntries(sql: Sql, userId: number, match: string, limit: number): Promise<SearchRow[]> {
	return sql.all<SearchRow>(
		`SELECT e.id, e.feed_id, e.url, e.published_at,
		   highlight(entries_fts, 0, ?, ?) AS title_marked,
		   snippet(entries_fts, 2, ?, ?, '…', 24) AS snippet_marked,
		   bm25(entries_fts, 10.0, 3.0, 1.0) AS rank
		 FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
		 WHERE entries_fts MATCH ? AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)
		 ORDER BY rank LIMIT ?`,
		[MATCH_START, MATCH_END, MATCH_START, MATCH_END, match, userId, limit]
	);
}
