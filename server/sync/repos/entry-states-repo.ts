import type { Dialect, Sql } from '../../db/sql';
import { idList, idsIn } from '../../db/sql-fragments';
import type { MarkAllReadScope } from '#shared/mutations';

/*
 * Every statement here reaches entries only through the user's own subscriptions, so a user can never mark (or
 * learn of) an entry of a feed they do not subscribe to.
 */

const SUBSCRIBED_ENTRY = `FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = @userId`;
/*
 * The same, for a list of entry ids: CROSS JOIN keeps entries first on SQLite, so each listed id is found by its
 * rowid. Without table statistics, a plain JOIN walks every entry of every subscription of the user before
 * filtering (measured by bench/push.ts: ~0.8 ms per entry.setRead for a user with 1000 entries, growing with the
 * user). The join's condition is in WHERE, since PostgreSQL allows no ON after CROSS JOIN (its planner orders the
 * join itself); the statements add their filter with AND.
 */
const LISTED_ENTRY = `FROM entries e CROSS JOIN subscriptions s WHERE s.feed_id = e.feed_id AND s.user_id = @userId`;

interface StateWrite {
	userId: number;
	now: number;
	version: number;
}

/*
 * The two marks are written alike: every listed entry the user subscribes to gets a row; a row whose mark already
 * has that value is rewritten as it was (its time and version kept, so there is nothing to pull), which makes the
 * statement's change count the number of the user's entries among the ids. So one statement both checks and writes,
 * and writes nothing when none of the ids is the user's.
 */
function markUpsert(mark: 'read' | 'starred', listed: 'one' | Dialect): string {
	const other = mark === 'read' ? 'starred' : 'read';
	// The row's own columns qualified: PostgreSQL finds a bare name ambiguous beside excluded's.
	const changed = `entry_states.${mark} != excluded.${mark}`;
	// Most marks are of one entry (the one just read): a plain rowid match then, not a list to unpack.
	const filter = listed === 'one' ? 'e.id = @id' : `e.id IN ${idsIn(listed, 'ids')}`;
	return `INSERT INTO entry_states (user_id, entry_id, ${mark}, ${other}, updated_at, version)
		 SELECT @userId, e.id, @value, 0, @now, @version ${LISTED_ENTRY}
		   AND ${filter}
		 ON CONFLICT (user_id, entry_id) DO UPDATE SET ${mark} = excluded.${mark},
			updated_at = CASE WHEN ${changed} THEN excluded.updated_at ELSE entry_states.updated_at END,
			version = CASE WHEN ${changed} THEN excluded.version ELSE entry_states.version END`;
}

const READ_ONE = markUpsert('read', 'one');
const READ_MANY = { sqlite: markUpsert('read', 'sqlite'), postgres: markUpsert('read', 'postgres') };
const STARRED_ONE = markUpsert('starred', 'one');

/** Sets `read` on the user's subscribed entries among `entryIds`; returns how many of the ids are theirs. */
export async function setReadState(
	sql: Sql,
	write: StateWrite & { entryIds: number[]; read: boolean }
): Promise<number> {
	const { userId, now, version } = write;
	const value = write.read ? 1 : 0;
	if (write.entryIds.length === 1) {
		return (await sql.run(READ_ONE, { userId, now, version, value, id: write.entryIds[0] })).changes;
	}
	const ids = idList(sql.dialect, write.entryIds);
	return (await sql.run(READ_MANY[sql.dialect], { userId, now, version, value, ids })).changes;
}

/** Sets `starred` on the entry if the user subscribes to its feed; returns whether they do. */
export async function setStarredState(
	sql: Sql,
	write: StateWrite & { entryId: number; starred: boolean }
): Promise<boolean> {
	const { userId, now, version } = write;
	return (
		(await sql.run(STARRED_ONE, { userId, now, version, value: write.starred ? 1 : 0, id: write.entryId })).changes > 0
	);
}

const SCOPE_FILTER: Record<MarkAllReadScope['kind'], string> = {
	all: '',
	folder: 'AND s.folder_id = @scopeId',
	subscription: 'AND s.id = @scopeId'
};

/**
 * Marks read every unread entry in the scope with id <= upTo (entries that arrive later have larger ids), and,
 * when `feedIds` is given, only in those feeds (the ones the device had in the scope).
 */
export async function markScopeRead(
	sql: Sql,
	write: StateWrite & { scope: MarkAllReadScope; upTo: number; feedIds?: number[] }
): Promise<void> {
	const scopeId =
		write.scope.kind === 'folder'
			? write.scope.folderId
			: write.scope.kind === 'subscription'
				? write.scope.subscriptionId
				: null;
	await sql.run(
		`INSERT INTO entry_states (user_id, entry_id, read, starred, updated_at, version)
		 SELECT @userId, e.id, 1, 0, @now, @version ${SUBSCRIBED_ENTRY}
		 WHERE e.id <= @upTo ${SCOPE_FILTER[write.scope.kind]}
		 ${write.feedIds ? `AND e.feed_id IN ${idsIn(sql.dialect, 'feedIds')}` : ''}
		 ON CONFLICT (user_id, entry_id) DO UPDATE SET read = 1, updated_at = excluded.updated_at,
			version = excluded.version
		 WHERE entry_states.read = 0`,
		{
			userId: write.userId,
			now: write.now,
			version: write.version,
			upTo: write.upTo,
			scopeId,
			...(write.feedIds ? { feedIds: idList(sql.dialect, write.feedIds) } : {})
		}
	);
}
