import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../db/sql';
import { nextVersion } from '../db/version';
import type { Logger } from '../log';
import { entriesHtmlFrom, mediaUrlState, saveEntryHtml, saveMediaUrlState } from './media-urls-repo';

const CHUNK = 200;

/** How stored image URLs are written for this key: 'direct', or 'proxy:' and a hash that does not reveal the key. */
export function mediaUrlMode(key: string | null): string {
	return key ? `proxy:${createHash('sha256').update(key).digest('base64url').slice(0, 16)}` : 'direct';
}

/**
 * Brings the image URLs of stored entries (content and full text) in line with the current MEDIA_PROXY and key,
 * once per change of setting: at the first start with the proxy, every entry stored before it gets proxy URLs.
 * Chunks of 200 entries, each in its own short transaction with a new version for the entries that changed (so
 * devices pull them again), one chunk per event-loop turn so requests keep being answered; resumable.
 */
export async function restampStoredMedia(db: Store, key: string | null, logger: Logger): Promise<number> {
	const mode = mediaUrlMode(key);
	let state = await mediaUrlState(db);
	if (state.mode === mode && state.nextId === null) return 0;
	if (state.mode !== mode) state = { mode, nextId: 0 };
	logger.info({ mode, fromId: state.nextId }, 'rewriting the image URLs of stored entries');
	// The HTML rewriter (sanitize-html) loads only when there is something to rewrite, not at every start.
	const { restampImageUrls } = await import('../feeds/sanitize/media-urls');
	let changed = 0;
	for (let fromId = state.nextId ?? 0; ; await nextTurn()) {
		const rows = await entriesHtmlFrom(db, fromId, CHUNK);
		const nextId = rows.length === CHUNK ? rows.at(-1)!.id + 1 : null;
		await db.transaction(async (tx) => {
			for (const row of rows) {
				const content = row.content && restampImageUrls(row.content, key);
				const fullContent = row.full_content && restampImageUrls(row.full_content, key);
				if (content === row.content && fullContent === row.full_content) continue;
				await saveEntryHtml(tx, { id: row.id, content, full_content: fullContent }, await nextVersion(tx));
				changed += 1;
			}
			await saveMediaUrlState(tx, { mode, nextId });
		});
		if (nextId === null) break;
		fromId = nextId;
	}
	logger.info({ mode, changed }, 'image URLs of stored entries rewritten');
	return changed;
}
