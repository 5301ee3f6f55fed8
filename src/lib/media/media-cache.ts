import { imagesToEvict } from './eviction';
import { MEDIA_CACHE, MediaIndex } from './media-index';

/** What the page asks of the service worker after a sync (see offline-media.ts). */
export interface MediaSyncRequest {
	type: 'MEDIA_SYNC';
	/** Images to fetch ahead, most wanted first (new unread entries). */
	prefetch: string[];
	referenced: string[];
	starred: string[];
	budgetBytes: number;
}

export interface MediaSyncResult {
	fetched: number;
	evicted: number;
	totalBytes: number;
}

/** A few at a time: the server fetches each from its site, and the reader's own requests must not wait long. */
const PREFETCH_CONCURRENCY = 3;
/** Shown images are marked used at most this often, so scrolling an article does not write for every image. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The service worker's side of offline images: proxied images (same origin, so their size is known) are served
 * from the cache first and stored when fetched; after a sync the page sends which images to fetch ahead and which
 * entries keep theirs, and the cache is trimmed to the budget (eviction.ts).
 */
export class MediaCache {
	readonly #index = new MediaIndex();
	#running: Promise<unknown> = Promise.resolve();

	async respond(request: Request): Promise<Response> {
		const cache = await caches.open(MEDIA_CACHE);
		const cached = await cache.match(request.url);
		if (cached) {
			void this.#touch(request.url);
			return cached;
		}
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') await this.#store(cache, request.url, response.clone());
		return response;
	}

	/** One sync's work at a time, in order. */
	sync(request: MediaSyncRequest): Promise<MediaSyncResult> {
		const run = this.#running.then(() => this.#sync(request));
		this.#running = run.catch(() => undefined);
		return run;
	}

	async #sync(request: MediaSyncRequest): Promise<MediaSyncResult> {
		const cache = await caches.open(MEDIA_CACHE);
		let totalBytes = (await this.#index.images.toArray()).reduce((sum, image) => sum + image.bytes, 0);
		const known = new Set(await this.#index.images.toCollection().primaryKeys());
		const queue = request.prefetch.filter((url) => !known.has(url));
		let fetched = 0;
		let full = false;
		const worker = async () => {
			for (let url = queue.shift(); url !== undefined && !full; url = queue.shift()) {
				const response = await fetch(url).catch(() => null);
				if (!response?.ok) continue;
				const bytes = Number(response.headers.get('content-length')) || (await response.clone().blob()).size;
				// Fetching ahead stops at the budget: it never pushes out what is already kept.
				if (totalBytes + bytes > request.budgetBytes) {
					full = true;
					break;
				}
				totalBytes += bytes;
				await this.#store(cache, url, response, bytes);
				fetched += 1;
			}
		};
		await Promise.all(Array.from({ length: PREFETCH_CONCURRENCY }, worker));
		const evict = imagesToEvict({
			images: await this.#index.images.toArray(),
			budgetBytes: request.budgetBytes,
			referenced: new Set(request.referenced),
			starred: new Set(request.starred)
		});
		for (const url of evict) await cache.delete(url);
		await this.#index.images.bulkDelete(evict);
		const left = await this.#index.images.toArray();
		return { fetched, evicted: evict.length, totalBytes: left.reduce((sum, image) => sum + image.bytes, 0) };
	}

	async #store(cache: Cache, url: string, response: Response, knownBytes?: number): Promise<void> {
		const bytes =
			knownBytes ?? (Number(response.headers.get('content-length')) || (await response.clone().blob()).size);
		await cache.put(url, response);
		await this.#index.images.put({ url, bytes, usedAt: Date.now() });
	}

	async #touch(url: string): Promise<void> {
		const now = Date.now();
		const image = await this.#index.images.get(url);
		if (image && now - image.usedAt > TOUCH_EVERY_MS) await this.#index.images.update(url, { usedAt: now });
	}
}
