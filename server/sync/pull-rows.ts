import type { Enclosure, SyncEntry, SyncEntryState, SyncFolder, SyncSubscription } from '#shared/sync';
import type { FolderRow } from './repos/folders-repo';
import type { EntryRow } from './repos/pull-repo';
import type { SubscriptionView } from './repos/subscriptions-repo';

/** Database rows in the wire shapes of src/lib/shared/sync.ts. */

export function toSyncFolder(row: FolderRow): SyncFolder {
	return { id: row.id, name: row.name, orderKey: row.order_key };
}

export function toSyncSubscription(row: SubscriptionView): SyncSubscription {
	return {
		id: row.id,
		feedId: row.feed_id,
		folderId: row.folder_id,
		orderKey: row.order_key,
		title: row.title,
		feedTitle: row.feed_title,
		feedUrl: row.feed_url,
		siteUrl: row.site_url,
		iconUrl: row.icon_url,
		lastFetchedAt: row.last_fetched_at,
		error:
			row.last_error === null
				? null
				: {
						message: row.last_error,
						httpStatus: row.http_status,
						consecutive: row.consecutive_errors,
						gone: row.http_status === 410
					}
	};
}

export function toSyncEntry(row: EntryRow): SyncEntry {
	return {
		id: row.id,
		feedId: row.feed_id,
		url: row.url,
		title: row.title,
		author: row.author,
		summary: row.summary,
		content: row.content,
		fullContent: row.full_content,
		publishedAt: row.published_at,
		updatedAt: row.updated_at,
		enclosures: JSON.parse(row.enclosures) as Enclosure[],
		categories: JSON.parse(row.categories) as string[],
		language: row.language,
		dir: row.dir === 'rtl' ? 'rtl' : 'ltr'
	};
}

export function toSyncEntryState(row: { id: number; read: number | null; starred: number | null }): SyncEntryState {
	return { entryId: row.id, read: row.read === 1, starred: row.starred === 1 };
}

/** What an entry costs a page, roughly: its text fields, which dominate. */
export function entryWeight(row: EntryRow): number {
	return (
		(row.content?.length ?? 0) +
		(row.full_content?.length ?? 0) +
		(row.summary?.length ?? 0) +
		row.title.length +
		row.enclosures.length
	);
}
