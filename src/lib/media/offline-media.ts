import type { TidingsDb } from '$lib/db/database';
import { starredEntries } from '$lib/db/entry-ranges';
import type { MediaSyncRequest, MediaSyncResult } from './media-cache';
import { MediaIndex, mediaUrlsIn } from './media-index';

export interface MediaPlan {
	/** Images of unread entries, newest entry first: what to fetch ahead. */
	prefetch: string[];
	/** Images of every entry on the device (unread, starred, or read within its "days kept offline"). */
	referenced: string[];
	starred: string[];
}

/** Which images the device wants, from the entries it holds (content and full text). */
export async function planMedia(db: TidingsDb): Promise<MediaPlan> {
	const unread: { publishedAt: number; urls: string[] }[] = [];
	const referenced = new Set<string>();
	const starred = new Set<string>();
	await db.entries.each((entry) => {
		const urls = [...mediaUrlsIn(entry.content), ...mediaUrlsIn(entry.fullContent)];
		for (const url of urls) referenced.add(url);
		if (entry.starred === 1) for (const url of urls) starred.add(url);
		if (entry.read === 0 && urls.length > 0) unread.push({ publishedAt: entry.publishedAt, urls });
	});
	unread.sort((a, b) => b.publishedAt - a.publishedAt);
	return { prefetch: [...new Set(unread.flatMap((e) => e.urls))], referenced: [...referenced], starred: [...starred] };
}

/**
 * Fetching ahead costs the user's data and battery: only when the connection is not marked save-data (or
 * metered, where the browser says so) and the app is on screen or installed.
 */
export function mayFetchAhead(): boolean {
	const connection = (navigator as Navigator & { connection?: { saveData?: boolean; metered?: boolean } }).connection;
	if (connection?.saveData || connection?.metered) return false;
	return document.visibilityState === 'visible' || matchMedia('(display-mode: standalone)').matches;
}

/** Hands the plan to the service worker and waits for its answer; null without a controlling worker. */
export function askServiceWorker(request: MediaSyncRequest): Promise<MediaSyncResult | null> {
	const worker = navigator.serviceWorker?.controller;
	if (!worker) return Promise.resolve(null);
	const channel = new MessageChannel();
	const answer = new Promise<MediaSyncResult>((resolve) => {
		channel.port1.onmessage = (event) => resolve(event.data as MediaSyncResult);
	});
	worker.postMessage(request, [channel.port2]);
	return answer;
}

/**
 * Starred entries are the ones people come back to: their full text is asked for in the background, two at a
 * time, once per entry and app start; the text reaches this device (and stays offline) with the next sync.
 */
export async function fetchStarredFullTexts(
	db: TidingsDb,
	extract: (entryId: number) => Promise<unknown>,
	tried: Set<number>
): Promise<void> {
	const missing = (await starredEntries(db).toArray()).filter(
		(entry) => entry.fullContent === null && entry.url !== null && !tried.has(entry.id)
	);
	const next = async (): Promise<void> => {
		const entry = missing.shift();
		if (!entry) return;
		tried.add(entry.id);
		await extract(entry.id).catch(() => undefined);
		return next();
	};
	await Promise.all([next(), next()]);
}

export interface OfflineCounts {
	entries: number;
	fullTexts: number;
	images: number;
	imageBytes: number;
}

/** What this device holds for offline reading, for the settings page. */
export async function offlineCounts(db: TidingsDb): Promise<OfflineCounts> {
	const index = new MediaIndex();
	try {
		const [entries, fullTexts, images] = await Promise.all([
			db.entries.count(),
			db.entries.filter((entry) => entry.fullContent !== null).count(),
			index.images.toArray()
		]);
		return { entries, fullTexts, images: images.length, imageBytes: images.reduce((sum, i) => sum + i.bytes, 0) };
	} finally {
		index.close();
	}
}
