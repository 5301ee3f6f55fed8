import type { TidingsDb } from '$lib/db/database';
import { foldersInOrder } from '$lib/db/lists';
import type { LocalFolder, LocalSubscription } from '$lib/db/schema';
import { unreadCounts } from '$lib/db/unread-counts';
import { compareOrder } from '$lib/shared/order-keys';
import type { ReaderView } from '$lib/state/reader.svelte';

export interface FeedNode {
	subscription: LocalSubscription;
	/** The user's title, else the feed's, else its URL. */
	title: string;
	unread: number;
}

export interface FolderNode {
	folder: LocalFolder;
	feeds: FeedNode[];
	unread: number;
}

export interface SidebarData {
	folders: FolderNode[];
	/** Feeds outside any folder. */
	topLevel: FeedNode[];
	subscriptions: LocalSubscription[];
	unread: number;
	starred: number;
}

export const emptySidebar: SidebarData = { folders: [], topLevel: [], subscriptions: [], unread: 0, starred: 0 };

export function subscriptionTitle(subscription: LocalSubscription): string {
	return subscription.title ?? subscription.feedTitle ?? subscription.feedUrl;
}

/** The whole tree with its counts; every count comes from an index (see unreadCounts), no entry row is loaded. */
export async function loadSidebar(db: TidingsDb): Promise<SidebarData> {
	const [folders, subscriptions, counts] = await Promise.all([
		foldersInOrder(db),
		db.subscriptions.toArray(),
		unreadCounts(db)
	]);
	const feeds = subscriptions.sort(compareOrder).map((subscription) => ({
		subscription,
		title: subscriptionTitle(subscription),
		unread: counts.bySubscription.get(subscription.id) ?? 0
	}));
	const known = new Set(folders.map((f) => f.id));
	const inFolder = (folderId: string) => feeds.filter((f) => f.subscription.folderId === folderId);
	return {
		folders: folders.map((folder) => ({
			folder,
			feeds: inFolder(folder.id),
			unread: counts.byFolder.get(folder.id) ?? 0
		})),
		// A feed whose folder is not here (yet) still shows, at the top level, rather than vanishing.
		topLevel: feeds.filter((f) => f.subscription.folderId === null || !known.has(f.subscription.folderId)),
		subscriptions,
		unread: counts.total,
		starred: counts.starred
	};
}

export function subscriptionOfView(data: SidebarData, view: ReaderView): LocalSubscription | null {
	if (view.kind !== 'subscription') return null;
	return data.subscriptions.find((s) => s.id === view.subscriptionId) ?? null;
}

/** The heading of the entry list. */
export function viewTitle(data: SidebarData, view: ReaderView): string {
	switch (view.kind) {
		case 'unread':
			return 'Unread';
		case 'starred':
			return 'Starred';
		case 'all':
			return 'All entries';
		case 'folder':
			return data.folders.find((f) => f.folder.id === view.folderId)?.folder.name ?? 'Folder';
		case 'subscription': {
			const subscription = subscriptionOfView(data, view);
			return subscription ? subscriptionTitle(subscription) : 'Feed';
		}
	}
}
