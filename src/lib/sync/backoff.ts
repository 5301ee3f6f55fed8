export const BASE_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 60_000;
/**
 * The localStorage key with which a device caps its backoff (sync and the event stream) lower than a minute. The
 * end-to-end tests set it, so no scenario waits out a real backoff; without it the default above holds.
 */
export const MAX_BACKOFF_SETTING = 'tidings.syncMaxBackoffMs';

/**
 * "Full jitter" (AWS architecture blog): a random delay between 0 and the exponential cap, so devices that failed
 * together do not retry together. A server's Retry-After is a floor: never retry sooner than it asked.
 */
export function backoffDelay(
	attempt: number,
	retryAfterMs: number | undefined,
	random: () => number = Math.random,
	maxMs = MAX_BACKOFF_MS
): number {
	const cap = Math.min(maxMs, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.floor(random() * cap);
	return Math.max(jittered, retryAfterMs ?? 0);
}
