import { z } from 'zod';
import type { TidingsDb } from '$lib/db/database';
import { askServiceWorker, fetchStarredFullTexts, mayFetchAhead, planMedia } from '$lib/media/offline-media';
import type { MediaSyncResult } from '$lib/media/media-cache';
import type { SyncEngine } from '$lib/sync/engine';

export const BUDGET_CHOICES_MB = [50, 100, 200, 500, 1000] as const;

const prefsSchema = z.object({
	enabled: z.boolean().catch(true),
	budgetMb: z.number().int().min(0).max(100_000).catch(200)
});
export type OfflineMediaPrefs = z.infer<typeof prefsSchema>;

export const OFFLINE_MEDIA_KEY = 'tidings.offlineMedia';

function parsePrefs(stored: string | null): OfflineMediaPrefs {
	try {
		const value: unknown = JSON.parse(stored ?? '{}');
		return prefsSchema.parse(value && typeof value === 'object' ? value : {});
	} catch {
		return prefsSchema.parse({});
	}
}

/**
 * Offline images on this device (a per-device choice, like the reader's text): on or off and the budget. After
 * every sync it sends the service worker the images to fetch ahead and to keep (off: a budget of 0 empties the
 * cache), and asks for the full text of starred entries.
 */
export class OfflineMediaState {
	prefs = $state<OfflineMediaPrefs>(parsePrefs(null));
	/** The service worker's last answer, for the settings page. */
	last = $state<MediaSyncResult | null>(null);
	#detach: (() => void) | null = null;
	#attached: SyncEngine | null = null;
	#running: Promise<void> = Promise.resolve();
	// Bookkeeping the UI never shows: a plain Set, not a reactive one.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #triedFullTexts = new Set<number>();

	constructor(private readonly storage: Storage | null) {
		try {
			this.prefs = parsePrefs(storage?.getItem(OFFLINE_MEDIA_KEY) ?? null);
		} catch {
			// Storage blocked: the defaults.
		}
	}

	set(change: Partial<OfflineMediaPrefs>): void {
		this.prefs = { ...this.prefs, ...change };
		try {
			this.storage?.setItem(OFFLINE_MEDIA_KEY, JSON.stringify(this.prefs));
		} catch {
			// Storage full or blocked: the choice holds until the page is closed.
		}
		// Turning offline images on is when keeping them matters: ask the browser not to clear them.
		if (change.enabled) void navigator.storage?.persist?.().catch(() => undefined);
	}

	/** Follows one signed-in account's syncs; null detaches. */
	attach(db: TidingsDb | null, engine: SyncEngine | null, extract: (entryId: number) => Promise<unknown>): void {
		if (engine === this.#attached) return;
		this.#detach?.();
		this.#detach = null;
		this.#attached = engine;
		if (!db || !engine) return;
		let seen: number | null = null;
		this.#detach = engine.subscribe((status) => {
			if (status.syncing || status.lastSyncAt === null || status.lastSyncAt === seen) return;
			seen = status.lastSyncAt;
			this.#running = this.#running.then(() => this.run(db, extract)).catch(() => undefined);
		});
	}

	/** One round: the plan to the service worker, then the starred entries' full texts. */
	async run(db: TidingsDb, extract: (entryId: number) => Promise<unknown>): Promise<void> {
		const plan = await planMedia(db);
		const { enabled, budgetMb } = this.prefs;
		const result = await askServiceWorker({
			type: 'MEDIA_SYNC',
			prefetch: enabled && mayFetchAhead() ? plan.prefetch : [],
			referenced: plan.referenced,
			starred: plan.starred,
			budgetBytes: enabled ? budgetMb * 1024 * 1024 : 0
		});
		if (result) this.last = result;
		if (enabled && navigator.onLine) await fetchStarredFullTexts(db, extract, this.#triedFullTexts);
	}
}

export const offlineMedia = new OfflineMediaState(typeof localStorage === 'undefined' ? null : localStorage);
