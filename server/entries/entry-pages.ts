import { encodeEntryCursor, type EntryPage, type EntryPageQuery, type PagedEntry } from '#shared/entry-pages';
import type { Sql } from '../db/sql';
import { notFound } from '../domain-errors';
import { toSyncEntry } from '../sync/pull-rows';
import type { EntryRow } from '../sync/repos/pull-repo';
import { getFolder } from '../sync/repos/folders-repo';
import { getSubscription } from '../sync/repos/subscriptions-repo';
import { entriesByIds, entryPage } from './entry-pages-repo';

/**
 * One page of a view's entries as the server has them, for lists that go beyond what a device keeps offline (or
 * the entries with the given ids, for search results). A feed or folder that is not the user's is not found
 * (whether it exists for someone else is not told); ids of entries the user does not follow are left out.
 */
export async function listEntryPage(db: Sql, userId: number, query: EntryPageQuery): Promise<EntryPage> {
	if (query.scope === 'ids') {
		return { entries: (await entriesByIds(db, userId, query.ids)).map(toPagedEntry), next: null };
	}
	const subscriptionId = query.scope === 'subscription' ? query.subscriptionId : null;
	const folderId = query.scope === 'folder' ? query.folderId : null;
	if (subscriptionId !== null && !(await getSubscription(db, userId, subscriptionId))) throw notFound('no such feed');
	if (folderId !== null && !(await getFolder(db, userId, folderId))) throw notFound('no such folder');
	// One row more than asked tells whether another page follows.
	const rows = await entryPage(db, {
		userId,
		subscriptionId,
		folderId,
		unreadOnly: query.unreadOnly,
		starredOnly: query.scope === 'starred',
		newestFirst: query.order === 'newest',
		after: query.after ?? null,
		limit: query.limit + 1
	});
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	return {
		entries: page.map(toPagedEntry),
		next: rows.length > query.limit && last ? encodeEntryCursor({ publishedAt: last.published_at, id: last.id }) : null
	};
}

function toPagedEntry(row: EntryRow): PagedEntry {
	return { ...toSyncEntry(row), read: row.read === 1, starred: row.starred === 1 };
}
