import type { CachedImage } from './media-index';

export interface EvictionInput {
	images: CachedImage[];
	budgetBytes: number;
	/** Images of entries still on the device (unread, starred, or opened within its "days kept offline"). */
	referenced: ReadonlySet<string>;
	/** Images of starred entries: the last to go, and only when nothing else is left to free. */
	starred: ReadonlySet<string>;
}

/**
 * Which cached images to delete so the rest fits the budget: nothing while it fits; otherwise least recently used
 * first, taking images no entry on the device shows before those of kept entries, and those of starred entries
 * only when everything else is gone and the budget is still exceeded.
 */
export function imagesToEvict({ images, budgetBytes, referenced, starred }: EvictionInput): string[] {
	let total = images.reduce((sum, image) => sum + image.bytes, 0);
	if (total <= budgetBytes) return [];
	const tier = (url: string) => (starred.has(url) ? 2 : referenced.has(url) ? 1 : 0);
	const order = [...images].sort((a, b) => tier(a.url) - tier(b.url) || a.usedAt - b.usedAt);
	const evicted: string[] = [];
	for (const image of order) {
		if (total <= budgetBytes) break;
		evicted.push(image.url);
		total -= image.bytes;
	}
	return evicted;
}
