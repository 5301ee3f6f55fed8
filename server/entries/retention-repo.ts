import type { Sql } from '../db/sql';

/**
 * Entries retention may delete: fetched and published before the cutoff, starred by nobody, read by every
 * subscriber of their feed (no state row means unread), and not among the newest `keepPerFeed` of their feed.
 * This is a server-wide job, so it is not scoped to one user; it never returns another user's data.
 */
export async function retentionCandidates(
	sql: Sql,
	cutoff: number,
	keepPerFeed: number,
	limit: number
): Promise<{ id: number; feed_id: number; guid: string }[]> {
	return sql.all<{ id: number; feed_id: number; guid: string }>(
		`WITH ranked AS (
		   SELECT id, row_number() OVER (PARTITION BY feed_id ORDER BY published_at DESC, id DESC) AS rank FROM entries
		 )
		 SELECT e.id, e.feed_id, e.guid FROM entries e JOIN ranked r ON r.id = e.id
		 WHERE e.published_at < ? AND e.fetched_at < ? AND r.rank > ?
		   AND NOT EXISTS (SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND st.starred = 1)
		   AND NOT EXISTS (
		     SELECT 1 FROM subscriptions sub WHERE sub.feed_id = e.feed_id AND NOT EXISTS (
		       SELECT 1 FROM entry_states st WHERE st.entry_id = e.id AND st.user_id = sub.user_id AND st.read = 1))
		 ORDER BY e.id LIMIT ?`,
		[cutoff, cutoff, keepPerFeed, limit]
	);
}

/** Deletes the entry (its states and search row go with it) and leaves a tombstone that pulls and fetches see. */
export async function deleteEntryWithTombstone(
	sql: Sql,
	entry: { id: number; feed_id: number; guid: string },
	now: number,
	version: number
): Promise<void> {
	await sql.run(
		`INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (feed_id, guid) DO UPDATE SET entry_id = excluded.entry_id, deleted_at = excluded.deleted_at,
		 version = excluded.version`,
		[entry.feed_id, entry.guid, entry.id, now, version]
	);
	await sql.run('DELETE FROM entries WHERE id = ?', [entry.id]);
}
