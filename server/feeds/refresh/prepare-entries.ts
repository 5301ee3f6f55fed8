import { createHash } from 'node:crypto';
import { parseFeed, type ParseFeedOptions } from '../parse/parse-feed';
import { sanitizeEntryHtml, toPlainText } from '../sanitize/sanitize-html';
import type { NormalizedEntry, NormalizedFeed } from '../types';
import type { StoredEntry } from '../entries-repo';

/** A fetched feed as the refresh stores it: the feed's own fields and its entries sanitized. */
export type ParsedFeed = Omit<NormalizedFeed, 'entries'> & { entries: StoredEntry[] };

/** What parsing and preparing need; `mediaKey` (null: MEDIA_PROXY=off) signs the images' proxy URLs. */
export type PrepareOptions = ParseFeedOptions & { mediaKey?: string | null };

/**
 * The newest entries of one fetch that are kept. A feed of 80,000 items (a whole archive in one file) would
 * otherwise be sanitized and held in memory all at once, then stored: that took a 512 MB server to 744 MB. No
 * reader scrolls past a thousand entries of one feed, and retention would delete the rest anyway. The parser
 * keeps them while it reads (EntrySelection), so the rest are never all held either.
 */
export const MAX_ENTRIES_PER_FETCH = 1000;

/** Long enough for two or three lines in a list; the article itself is in `content`. */
const SUMMARY_MAX_LENGTH = 400;

/**
 * Parses a fetched body and sanitizes its entries into what is stored, in one synchronous call: the parse
 * workers run it, and so does the main thread for the tiny bodies not worth a trip to a worker. Throws with the
 * parser's message (e.g. "this is not a feed: ...").
 */
export function parseAndPrepareNow(body: Uint8Array, options: PrepareOptions): ParsedFeed {
	const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	const { entries, ...feed } = parseFeed(bytes, { ...options, maxEntries: MAX_ENTRIES_PER_FETCH });
	return { ...feed, entries: entries.map((entry) => prepareEntry(entry, options.url, options.mediaKey)) };
}

export function prepareEntry(entry: NormalizedEntry, feedUrl: string, mediaKey?: string | null): StoredEntry {
	const base = entry.contentBase ?? entry.url ?? feedUrl;
	const content = entry.content ? sanitizeEntryHtml(entry.content, base, mediaKey) : null;
	// The summary is what entry lists show under the title: plain text, from the feed's summary or else its content.
	const summaryText = toPlainText(entry.summary ?? entry.content ?? '')
		.slice(0, SUMMARY_MAX_LENGTH)
		.trim();
	const summary = summaryText || null;
	const stored: Omit<StoredEntry, 'contentHash' | 'plainText'> = {
		guid: entry.guid,
		url: entry.url,
		title: entry.title,
		author: entry.author,
		summary,
		content,
		publishedAt: entry.publishedAt,
		updatedAt: entry.updatedAt,
		enclosures: JSON.stringify(entry.enclosures),
		categories: JSON.stringify(entry.categories),
		language: entry.language,
		dir: entry.dir
	};
	// What a reader sees, except the date: an undated entry gets the fetch time, which must not make it "changed"
	// at every fetch. An entry whose hash did not change keeps its version and is not sent to devices again.
	const { publishedAt: _publishedAt, ...hashed } = stored;
	const contentHash = createHash('sha256').update(JSON.stringify(hashed)).digest('base64url');
	return { ...stored, contentHash, plainText: toPlainText(content ?? '') || (summary ?? '') };
}
