import type { Sql } from '../db/sql';

export interface SearchRow {
	id: number;
	feed_id: number;
	url: string | null;
	published_at: number;
	title_marked: string;
	snippet_marked: string;
}

/** One word of a search: all must match; `prefix` when the user ended it with *. */
export interface SearchTerm {
	text: string;
	prefix: boolean;
}

/** Marks around matches: private-use characters that never occur in text, turned into <mark> after escaping. */
export const MATCH_START = '\uE000';
export const MATCH_END = '\uE001';

/**
 * Full-text search over the entries of this user's feeds, best first, with the title weighted above the author
 * and the text: FTS5's bm25 on SQLite, ts_rank over the weighted tsvector on PostgreSQL.
 */
export function searchEntries(sql: Sql, userId: number, terms: SearchTerm[], limit: number): Promise<SearchRow[]> {
	return sql.dialect === 'postgres'
		? searchPostgres(sql, userId, terms, limit)
		: sql.all<SearchRow>(
				`SELECT e.id, e.feed_id, e.url, e.published_at,
				   highlight(entries_fts, 0, ?, ?) AS title_marked,
				   snippet(entries_fts, 2, ?, ?, '…', 24) AS snippet_marked
				 FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
				 WHERE entries_fts MATCH ? AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)
				 ORDER BY bm25(entries_fts, 10.0, 3.0, 1.0) LIMIT ?`,
				[MATCH_START, MATCH_END, MATCH_START, MATCH_END, toFts5Query(terms), userId, limit]
			);
}

/**
 * Every word becomes a quoted FTS5 phrase (quotes doubled), so user input is never FTS5 syntax; a prefix word
 * keeps its trailing *.
 */
function toFts5Query(terms: SearchTerm[]): string {
	return terms.map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`).join(' ');
}

/**
 * Whole words go through websearch_to_tsquery, each quoted as a phrase (the parser drops quotes inside a word,
 * as FTS5's tokenizer does), so no input is a syntax error. It has no prefix search: a prefix word is parsed
 * the same way and its lexemes get `:*` by rewriting the query's text form. Headlines run over the text with
 * `<` swapped for a private-use character and back, because PostgreSQL's parser reads `<script>` in plain text
 * as a tag and skips what follows.
 */
function searchPostgres(sql: Sql, userId: number, terms: SearchTerm[], limit: number): Promise<SearchRow[]> {
	const phrase = (text: string) => `"${text.replaceAll('"', ' ')}"`;
	const words = terms.filter((t) => !t.prefix).map((t) => phrase(t.text));
	const prefixes = terms.filter((t) => t.prefix).map((t) => phrase(t.text));
	const headline = (column: string, options: string) =>
		`replace(ts_headline('${TS_CONFIG}', replace(${column}, '<', chr(57346)), q.query,
		   'StartSel=${MATCH_START}, StopSel=${MATCH_END}, ${options}'), chr(57346), '<')`;
	return sql.all<SearchRow>(
		`WITH q AS (
		   SELECT websearch_to_tsquery('${TS_CONFIG}', ?) && coalesce((
		     SELECT string_agg('(' || regexp_replace(websearch_to_tsquery('${TS_CONFIG}', w)::text,
		       '(''([^'']|'''')*'')', '\\1:*', 'g') || ')', ' & ')
		     FROM unnest(?::text[]) AS w WHERE websearch_to_tsquery('${TS_CONFIG}', w)::text <> ''), '')::tsquery AS query)
		 SELECT e.id, e.feed_id, e.url, e.published_at,
		   ${headline("coalesce(f.title, '')", 'HighlightAll=true')} AS title_marked,
		   ${headline("coalesce(f.body, '')", 'MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=…')}
		     AS snippet_marked
		 FROM q, entries_fts f JOIN entries e ON e.id = f.rowid
		 WHERE f.document @@ q.query AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)
		 ORDER BY ts_rank('{0.1, 0.1, 0.3, 1.0}', f.document, q.query, 1) DESC, e.id DESC LIMIT ?`,
		[words.join(' '), prefixes, userId, limit]
	);
}

/** The text search configuration of entries_fts.document (server/db/pg/migrations/019): like FTS5's tokenizer. */
const TS_CONFIG = 'tidings_search';
