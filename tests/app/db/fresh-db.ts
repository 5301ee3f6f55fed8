import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openUserDb, type TidingsDb } from '../../../src/lib/db/database';
import type { LocalEntry, LocalSubscription } from '../../../src/lib/db/schema';

/** A user's database on its own in-memory IndexedDB, so tests never share state. */
export function isolatedDbOptions() {
	return { indexedDB: new IDBFactory(), IDBKeyRange };
}

export function freshDb(userId = 1): Promise<TidingsDb> {
	return openUserDb(userId, isolatedDbOptions());
}

export function makeEntry(id: number, feedId: number, overrides: Partial<LocalEntry> = {}): LocalEntry {
	return {
		id,
		feedId,
		url: `https://example.test/${id}`,
		title: `Entry ${id}`,
		author: null,
		summary: null,
		content: `<p>Entry ${id}</p>`,
		fullContent: null,
		publishedAt: 1_700_000_000_000 + id * 1000,
		updatedAt: null,
		enclosures: [],
		categories: [],
		language: null,
		dir: 'ltr',
		read: 0,
		...overrides
	};
}

export function makeSubscription(
	id: string,
	feedId: number,
	folderId: string | null,
	orderKey: string
): LocalSubscription {
	return {
		id,
		feedId,
		folderId,
		orderKey,
		title: null,
		feedTitle: `Feed ${feedId}`,
		feedUrl: `https://example.test/feed/${feedId}.xml`,
		siteUrl: null,
		iconUrl: null,
		lastFetchedAt: null,
		error: null
	};
}
