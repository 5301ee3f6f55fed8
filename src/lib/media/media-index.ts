import Dexie, { type EntityTable } from 'dexie';

/** The Cache Storage cache holding the images served by the media proxy. */
export const MEDIA_CACHE = 'media-v1';
/** Same-origin images: the media proxy's path (server/media/media-signing.ts). */
export const MEDIA_PATH = '/api/media/';

/** One cached image: its size for the budget, and when it was last shown or stored, for the LRU order. */
export interface CachedImage {
	url: string;
	bytes: number;
	usedAt: number;
}

/**
 * What the media cache holds, in IndexedDB beside the cache itself: Cache Storage can list its keys but not say how
 * big each answer is without reading it. Shared by the service worker (which stores and evicts) and the page
 * (which shows the totals), for every account on the device: a signed image URL is the same for all of them.
 */
export class MediaIndex extends Dexie {
	images!: EntityTable<CachedImage, 'url'>;

	constructor() {
		super('tidings-media');
		this.version(1).stores({ images: 'url' });
	}
}

/** The proxy URLs an entry's HTML shows, in order, each once (img src and srcset, sources, posters). */
export function mediaUrlsIn(html: string | null | undefined): string[] {
	if (!html || !html.includes(MEDIA_PATH)) return [];
	return [...new Set(html.match(/\/api\/media\/[\w-]+\/[\w-]+/g))];
}
