import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed, starredEntries, unreadEntries, unreadOfFeed } from '$lib/db/entry-ranges';
import type { ReaderView } from '$lib/state/reader.svelte';

export interface ListOptions {
	sortOrder: 'newest' | 'oldest';
	hideRead: boolean;
}

type Range = ReturnType<typeof unreadEntries>;
type Keyed = { id: number; publishedAt: number };
/** Which stored entries a list may show so far (lib/state/list-paging); null: all of them. */
export type ShownFilter = ((entry: Keyed) => boolean) | null;

/**
 * The ordered entry ids of a view, read from indexes only, so a list of 10,000 entries never loads 10,000 rows
 * with their content; the list then loads just the rows on screen. `shows` applies to the lists that can go past
 * what the device keeps (read entries included), the only ones whose dates are read anyway.
 */
export async function loadEntryIds(
	db: TidingsDb,
	view: ReaderView,
	options: ListOptions,
	shows: ShownFilter = null
): Promise<number[]> {
	const ids = await oldestFirst(db, view, options.hideRead, shows);
	return options.sortOrder === 'newest' ? ids.reverse() : ids;
}

/** Whether a list can hold entries the device no longer keeps: those that show read entries of feeds. */
export function reachesPastDevice(
	view: ReaderView,
	options: ListOptions
): view is Exclude<ReaderView, { kind: 'unread' } | { kind: 'starred' }> {
	return !options.hideRead && (view.kind === 'all' || view.kind === 'subscription' || view.kind === 'folder');
}

/** Which of `ids` are still stored on the device (a small set: the entries a list keeps in place). */
export async function storedIds(db: TidingsDb, ids: number[]): Promise<Set<number>> {
	if (ids.length === 0) return new Set();
	return new Set((await db.entries.where(':id').anyOf(ids).primaryKeys()) as number[]);
}

/** Oldest first, equal dates by id. */
async function oldestFirst(db: TidingsDb, view: ReaderView, hideRead: boolean, shows: ShownFilter): Promise<number[]> {
	const byDate = (ranges: Range[]) => sortedByDate(ranges, shows);
	switch (view.kind) {
		case 'unread':
			return inIndexOrder(unreadEntries(db));
		case 'all':
			return hideRead ? inIndexOrder(unreadEntries(db)) : byDate([db.entries.orderBy('[read+publishedAt]')]);
		case 'starred': {
			const starred = await inIndexOrder(starredEntries(db));
			if (!hideRead) return starred;
			const unread = new Set(await inIndexOrder(unreadEntries(db)));
			return starred.filter((id) => unread.has(id));
		}
		case 'subscription': {
			const subscription = await db.subscriptions.get(view.subscriptionId);
			if (!subscription) return [];
			const feedId = subscription.feedId;
			return hideRead ? inIndexOrder(unreadOfFeed(db, feedId)) : byDate([entriesOfFeed(db, feedId)]);
		}
		case 'folder': {
			const feeds = await db.subscriptions.where('folderId').equals(view.folderId).toArray();
			return byDate(feeds.map((s) => (hideRead ? unreadOfFeed(db, s.feedId) : entriesOfFeed(db, s.feedId))));
		}
	}
}

/**
 * The primary keys of one range of an index that ends in publishedAt with the rest fixed: IndexedDB keeps an
 * index's records in key order and equal keys by primary key, so they already come oldest first. One request,
 * where reading the index keys too (to sort) walks a cursor one task per entry: 20,000 tasks at a reader's start.
 */
async function inIndexOrder(range: Range): Promise<number[]> {
	return (await range.primaryKeys()) as number[];
}

/** Ranges whose order is not the date (both halves of a read flag, several feeds): sorted by their index keys. */
async function sortedByDate(ranges: Range[], shows: ShownFilter): Promise<number[]> {
	const lists = await Promise.all(ranges.map(keyed));
	const all = lists.flat().sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id);
	return (shows ? all.filter(shows) : all).map((k) => k.id);
}

async function keyed(range: Range): Promise<Keyed[]> {
	const [keys, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
	// Every index these ranges read ends in publishedAt.
	return ids.map((id, n) => ({ id: id as number, publishedAt: (keys[n] as unknown as number[]).at(-1)! }));
}
