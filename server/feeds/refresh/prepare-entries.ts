import { createHash } from 'node:crypto';
import { sanitizeEntryHtml, toPlainText } from '../sanitize/sanitize-html';
import type { NormalizedEntry } from '../types';
import type { StoredEntry } from '../entries-repo';

/** Entries sanitized between two turns of the event loop: small enough that API requests wait only briefly. */
const CHUNK_SIZE = 20;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A feed that lists one guid twice keeps the first. */
export function uniqueByGuid(entries: NormalizedEntry[]): NormalizedEntry[] {
	const seen = new Set<string>();
	return entries.filter((entry) => {
		if (seen.has(entry.guid)) return false;
		seen.add(entry.guid);
		return true;
	});
}

/**
 * Sanitizes the feed's entries into what is stored, giving the event loop back between chunks so that many
 * entries with long content do not stall requests.
 */
/** Long enough for two or three lines in a list; the article itself is in `content`. */
const SUMMARY_MAX_LENGTH = 400;

export async function prepareEntries(entries: NormalizedEntry[], feedUrl: string): Promise<StoredEntry[]> {
	const unique = uniqueByGuid(entries);
	const prepared: StoredEntry[] = [];
	for (let i = 0; i < unique.length; i += CHUNK_SIZE) {
		if (i > 0) await yieldToEventLoop();
		prepared.push(...unique.slice(i, i + CHUNK_SIZE).map((entry) => prepareEntry(entry, feedUrl)));
	}
	return prepared;
}

export function prepareEntry(entry: NormalizedEntry, feedUrl: string): StoredEntry {
	const base = entry.url ?? feedUrl;
	const content = entry.content ? sanitizeEntryHtml(entry.content, base) : null;
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
