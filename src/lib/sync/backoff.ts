export const BASE_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;

/**
 * "Full jitter" (AWS architecture blog): a random delay between 0 and the exponential cap, so devices that failed
 * together do not retry together. A server's Retry-After is a floor: never retry sooner than it asked.
 */
export function backoffDelay(
	attempt: number,
	retryAfterMs: number | undefined,
	random: () => number = Math.random
): number {
	const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.floor(random() * cap);
	return Math.max(jittered, retryAfterMs ?? 0);
}
