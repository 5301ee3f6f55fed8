import Dexie from 'dexie';
import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed, unreadOfFeed } from '$lib/db/entry-ranges';
import type { ReaderView } from '$lib/state/reader.svelte';

export interface ListOptions {
	sortOrder: 'newest' | 'oldest';
	hideRead: boolean;
}

type Keyed = { id: number; publishedAt: number };

/**
 * The ordered entry ids of a view, read from indexes only (keys and primary keys), so a list of 10,000 entries
 * never loads 10,000 rows with their content; the list then loads just the rows on screen.
 */
export async function loadEntryIds(db: TidingsDb, view: ReaderView, options: ListOptions): Promise<number[]> {
	const keyed = await keyedEntries(db, view, options.hideRead);
	const direction = options.sortOrder === 'newest' ? -1 : 1;
	keyed.sort((a, b) => direction * (a.publishedAt - b.publishedAt || a.id - b.id));
	return keyed.map((k) => k.id);
}

async function keyedEntries(db: TidingsDb, view: ReaderView, hideRead: boolean): Promise<Keyed[]> {
	switch (view.kind) {
		case 'unread':
			return unreadEntries(db);
		case 'all':
			return hideRead ? unreadEntries(db) : allEntries(db);
		case 'starred':
			return starredEntries(db, hideRead);
		case 'subscription': {
			const subscription = await db.subscriptions.get(view.subscriptionId);
			return subscription ? feedEntries(db, subscription.feedId, hideRead) : [];
		}
		case 'folder': {
			const feeds = await db.subscriptions.where('folderId').equals(view.folderId).toArray();
			const lists = await Promise.all(feeds.map((s) => feedEntries(db, s.feedId, hideRead)));
			return lists.flat();
		}
	}
}

async function pairs(keys: Promise<unknown[]>, ids: Promise<unknown[]>, publishedAt: (key: unknown) => number) {
	const [k, i] = await Promise.all([keys, ids]);
	return i.map((id, n) => ({ id: id as number, publishedAt: publishedAt(k[n]) }));
}

function allEntries(db: TidingsDb): Promise<Keyed[]> {
	const range = db.entries.orderBy('[read+publishedAt]');
	return pairs(range.keys(), range.primaryKeys(), (key) => (key as [number, number])[1]);
}

function unreadEntries(db: TidingsDb): Promise<Keyed[]> {
	const range = db.entries.where('[read+publishedAt]').between([0, Dexie.minKey], [0, Dexie.maxKey]);
	return pairs(range.keys(), range.primaryKeys(), (key) => (key as [number, number])[1]);
}

async function starredEntries(db: TidingsDb, hideRead: boolean): Promise<Keyed[]> {
	const range = db.entries.where('[starred+publishedAt]').between([1, Dexie.minKey], [1, Dexie.maxKey]);
	const starred = await pairs(range.keys(), range.primaryKeys(), (key) => (key as [number, number])[1]);
	if (!hideRead) return starred;
	const unread = new Set(await unreadEntries(db).then((keyed) => keyed.map((k) => k.id)));
	return starred.filter((k) => unread.has(k.id));
}

function feedEntries(db: TidingsDb, feedId: number, hideRead: boolean): Promise<Keyed[]> {
	const range = hideRead ? unreadOfFeed(db, feedId) : entriesOfFeed(db, feedId);
	return pairs(range.keys(), range.primaryKeys(), (key) => (key as [number, number, number])[2]);
}
