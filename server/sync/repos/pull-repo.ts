import type { Sql } from '../../db/sql';
import { idList, idsIn, larger } from '../../db/sql-fragments';

/*
 * The paged parts of a pull. Each reads one user's rows with a version in (after, upTo] after a (version, id)
 * position, through that user's subscriptions.
 */

export interface PageQuery {
	userId: number;
	after: number;
	upTo: number;
	fromVersion: number;
	fromId: number;
	limit: number;
}

export interface VersionedId {
	version: number;
	id: number;
}

/**
 * Entry ids in (effective version, id) order, where an entry's effective version for this user is the later of its
 * own and its subscription's `entries_since_version`: a new subscriber receives the feed's older entries too. Two
 * halves, both range scans of entries (feed_id, version) that never read content: entries newer than the
 * subscribe, and, for subscriptions made in the round, every entry up to the subscribe.
 */
export function entryIdsPage(sql: Sql, q: PageQuery): Promise<VersionedId[]> {
	return sql.all<VersionedId>(
		`SELECT version, id FROM (
			SELECT e.version AS version, e.id AS id
			FROM subscriptions s JOIN entries e
				ON e.feed_id = s.feed_id AND e.version > ${larger('@after', 's.entries_since_version')} AND e.version <= @upTo
			WHERE s.user_id = @userId
			UNION ALL
			SELECT s.entries_since_version AS version, e.id AS id
			FROM subscriptions s JOIN entries e ON e.feed_id = s.feed_id AND e.version <= s.entries_since_version
			WHERE s.user_id = @userId AND s.entries_since_version > @after AND s.entries_since_version <= @upTo
		) AS candidates
		WHERE (version, id) > (@fromVersion, @fromId)
		ORDER BY version, id
		LIMIT @limit`,
		q
	);
}

export interface EntryRow {
	id: number;
	feed_id: number;
	url: string | null;
	title: string;
	author: string | null;
	summary: string | null;
	content: string | null;
	full_content: string | null;
	published_at: number;
	updated_at: number | null;
	enclosures: string;
	categories: string;
	language: string | null;
	dir: string;
	/** This user's marks, null when they never marked the entry. */
	read: number | null;
	starred: number | null;
}

/** The entries with these ids (taken from entryIdsPage, so already the user's) with the user's marks. */
export function entriesWithStates(sql: Sql, userId: number, entryIds: number[]): Promise<EntryRow[]> {
	return sql.all<EntryRow>(
		`SELECT e.id, e.feed_id, e.url, e.title, e.author, e.summary, e.content, e.full_content, e.published_at,
			e.updated_at, e.enclosures, e.categories, e.language, e.dir, st.read, st.starred
		 FROM entries e LEFT JOIN entry_states st ON st.entry_id = e.id AND st.user_id = @userId
		 WHERE e.id IN ${idsIn(sql.dialect, 'ids')}`,
		{ userId, ids: idList(sql.dialect, entryIds) }
	);
}

export interface StateRow extends VersionedId {
	read: number;
	starred: number;
}

/**
 * Marks changed in the round, except on entries the round delivers anyway (effective version after `after`):
 * those travel with their entry, so every change arrives once.
 */
export function statesPage(sql: Sql, q: PageQuery): Promise<StateRow[]> {
	return sql.all<StateRow>(
		`SELECT st.version AS version, st.entry_id AS id, st.read, st.starred
		 FROM entry_states st
		 JOIN entries e ON e.id = st.entry_id
		 JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = st.user_id
		 WHERE st.user_id = @userId AND st.version > @after AND st.version <= @upTo
			AND (st.version, st.entry_id) > (@fromVersion, @fromId)
			AND ${larger('e.version', 's.entries_since_version')} <= @after
		 ORDER BY st.version, st.entry_id
		 LIMIT @limit`,
		q
	);
}

export interface PullStartRow {
	/** The change counter: the page reads up to it. */
	current_version: number;
	/** The tombstone horizon: a cookie older than it needs a reset. */
	horizon: number;
	/**
	 * The newest version stamped on anything of the feeds' side (feed rows, entries, removed entries): one index
	 * look-up per table. Everything else a pull reads belongs to the user and is written by their own devices.
	 */
	feed_side_version: number;
	settings: string;
	settings_version: number;
	/** The device's client row: null when it never pushed. */
	client_user_id: number | null;
	last_mutation_id: number | null;
}

/**
 * What every pull page reads before its rows, in one statement rather than five: each statement is a round trip
 * through the store (a promise and a microtask on SQLite, a network hop on PostgreSQL), and these were half of a
 * pull's statements under bench/load.
 */
export async function pullStart(sql: Sql, userId: number, clientId: string): Promise<PullStartRow> {
	const row = await sql.get<PullStartRow>(
		`SELECT (SELECT value FROM sync_seq WHERE id = 1) AS current_version,
			(SELECT version FROM sync_horizon WHERE id = 1) AS horizon,
			(SELECT coalesce(max(v), 0) FROM (SELECT max(version) AS v FROM feeds UNION ALL SELECT max(version) FROM entries
				UNION ALL SELECT max(version) FROM entry_tombstones) AS latest) AS feed_side_version,
			u.settings, u.settings_version, c.user_id AS client_user_id, c.last_mutation_id
		 FROM users u LEFT JOIN sync_clients c ON c.client_id = @clientId
		 WHERE u.id = @userId`,
		{ userId, clientId }
	);
	return row!;
}

/** Entries removed (by retention) from feeds the user subscribes to. */
export function deletedEntriesPage(sql: Sql, q: PageQuery): Promise<VersionedId[]> {
	return sql.all<VersionedId>(
		`SELECT t.version AS version, t.entry_id AS id
		 FROM entry_tombstones t JOIN subscriptions s ON s.feed_id = t.feed_id AND s.user_id = @userId
		 WHERE t.version > @after AND t.version <= @upTo AND (t.version, t.entry_id) > (@fromVersion, @fromId)
		 ORDER BY t.version, t.entry_id
		 LIMIT @limit`,
		q
	);
}
