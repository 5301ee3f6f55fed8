import type { Sql } from '../db/sql';
import { idList, idsIn } from '../db/sql-fragments';
import type { EntryRow } from '../sync/repos/pull-repo';

export interface EntryPageFilter {
	userId: number;
	/** One subscription of the user's, or null for all of them. */
	subscriptionId: string | null;
	/** One folder of the user's, or null for any. */
	folderId: string | null;
	unreadOnly: boolean;
	starredOnly: boolean;
	newestFirst: boolean;
	/** Continue after this (published_at, id); null from the list's start. */
	after: { publishedAt: number; id: number } | null;
	limit: number;
}

const COLUMNS = `e.id, e.feed_id, e.url, e.title, e.author, e.summary, e.content, e.full_content, e.published_at,
	e.updated_at, e.enclosures, e.categories, e.language, e.dir, st.read, st.starred`;

/**
 * The user's subscriptions in scope: the feeds whose entries the list holds. The casts give PostgreSQL the type of
 * a parameter that is only compared with NULL.
 */
const SCOPE = `e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = @userId
	AND (CAST(@subscriptionId AS TEXT) IS NULL OR id = @subscriptionId)
	AND (CAST(@folderId AS TEXT) IS NULL OR folder_id = @folderId))`;

const FILTERS = `(@unreadOnly = 0 OR coalesce(st.read, 0) = 0) AND (@starredOnly = 0 OR st.starred = 1)`;

type Params = Omit<EntryPageFilter, 'unreadOnly' | 'starredOnly' | 'newestFirst' | 'after'> & {
	unreadOnly: number;
	starredOnly: number;
	hasCursor: number;
	publishedAt: number;
	id: number;
};

/**
 * One page of a list of entries, with the user's marks, in (published_at, id) order after a keyset cursor: a
 * page deep in a feed's history reads as few rows as the first (entries_feed_published, whose rowid is the id).
 * Two statements, because the direction decides both the comparison and the order.
 */
export async function entryPage(sql: Sql, filter: EntryPageFilter): Promise<EntryRow[]> {
	const [compare, direction] = filter.newestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
	return sql.all<EntryRow>(
		`SELECT ${COLUMNS}
		 FROM entries e LEFT JOIN entry_states st ON st.entry_id = e.id AND st.user_id = @userId
		 WHERE ${SCOPE} AND ${FILTERS}
		   AND (@hasCursor = 0 OR (e.published_at, e.id) ${compare} (@publishedAt, @id))
		 ORDER BY e.published_at ${direction}, e.id ${direction}
		 LIMIT @limit`,
		{
			userId: filter.userId,
			subscriptionId: filter.subscriptionId,
			folderId: filter.folderId,
			unreadOnly: filter.unreadOnly ? 1 : 0,
			starredOnly: filter.starredOnly ? 1 : 0,
			hasCursor: filter.after ? 1 : 0,
			publishedAt: filter.after?.publishedAt ?? 0,
			id: filter.after?.id ?? 0,
			limit: filter.limit
		} satisfies Params
	);
}

/** The entries with these ids that are in the user's feeds, with the user's marks, newest first. */
export async function entriesByIds(sql: Sql, userId: number, ids: number[]): Promise<EntryRow[]> {
	return sql.all<EntryRow>(
		`SELECT ${COLUMNS}
		 FROM entries e LEFT JOIN entry_states st ON st.entry_id = e.id AND st.user_id = @userId
		 WHERE e.id IN ${idsIn(sql.dialect, 'ids')}
		   AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = @userId)
		 ORDER BY e.published_at DESC, e.id DESC`,
		{ userId, ids: idList(sql.dialect, ids) }
	);
}
