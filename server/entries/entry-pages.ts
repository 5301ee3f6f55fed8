import { encodeEntryCursor, type EntryPage, type EntryPageQuery } from '#shared/entry-pages';
import type { Db } from '../db/open';
import { notFound } from '../domain-errors';
import { toSyncEntry } from '../sync/pull-rows';
import { getFolder } from '../sync/repos/folders-repo';
import { getSubscription } from '../sync/repos/subscriptions-repo';
import { entryPage } from './entry-pages-repo';

/**
 * One page of a view's entries as the server has them, for lists that go beyond what a device keeps offline. A
 * feed or folder that is not the user's is not found (whether it exists for someone else is not told).
 */
export function listEntryPage(db: Db, userId: number, query: EntryPageQuery): EntryPage {
	const subscriptionId = query.scope === 'subscription' ? query.subscriptionId : null;
	const folderId = query.scope === 'folder' ? query.folderId : null;
	if (subscriptionId !== null && !getSubscription(db, userId, subscriptionId)) throw notFound('no such feed');
	if (folderId !== null && !getFolder(db, userId, folderId)) throw notFound('no such folder');
	// One row more than asked tells whether another page follows.
	const rows = entryPage(db, {
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
		entries: page.map((row) => ({ ...toSyncEntry(row), read: row.read === 1, starred: row.starred === 1 })),
		next: rows.length > query.limit && last ? encodeEntryCursor({ publishedAt: last.published_at, id: last.id }) : null
	};
}
