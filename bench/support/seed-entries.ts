import { createHash } from 'node:crypto';
import type { Store } from '../../server/db/sql';
import type { StoredEntry } from '../../server/feeds/entries-repo';
import { storeEntries } from '../../server/feeds/refresh/store-entries';

const WORDS = 'feed reader offline sync server entry folder story news update morning river quiet data'.split(' ');

/** Deterministic prose of about `bytes` characters, in paragraphs, like a sanitized article. */
export function articleHtml(seed: number, bytes: number): string {
	const paragraphs: string[] = [];
	let length = 0;
	let i = seed;
	while (length < bytes) {
		const words = Array.from({ length: 30 }, () => WORDS[(i = (i * 1103515245 + 12345) >>> 0) % WORDS.length]);
		const paragraph = `<p>${words.join(' ')}.</p>`;
		paragraphs.push(paragraph);
		length += paragraph.length;
	}
	return paragraphs.join('').slice(0, bytes);
}

function storedEntry(feedId: number, n: number, contentBytes: number, publishedAt: number): StoredEntry {
	const content = articleHtml(feedId * 100_000 + n, contentBytes);
	return {
		guid: `bench-${feedId}-${n}`,
		url: `https://example.com/${feedId}/${n}`,
		title: `Entry ${n} of feed ${feedId}`,
		author: 'Bench Author',
		summary: null,
		content,
		publishedAt,
		updatedAt: null,
		enclosures: '[]',
		categories: '[]',
		language: 'en',
		dir: 'ltr',
		contentHash: createHash('sha256').update(content).digest('hex'),
		plainText: content.replace(/<[^>]+>/g, ' ')
	};
}

/**
 * Stores `perFeed` entries of `contentBytes` of HTML in each feed through the feed engine's own storage function
 * (stamped with versions, indexed for search), one transaction per feed as a refresh does.
 */
export async function seedEntries(
	store: Store,
	feedIds: number[],
	perFeed: number,
	contentBytes: number,
	now = Date.now()
): Promise<void> {
	for (const feedId of feedIds) {
		const entries = Array.from({ length: perFeed }, (_, n) => storedEntry(feedId, n, contentBytes, now - n * 60_000));
		await store.transaction(async (tx) => await storeEntries(tx, feedId, entries, now));
	}
}
