/** When to fetch a feed next: pure functions of what the last fetch and the feed's history say. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const MIN_INTERVAL_MS = 15 * MINUTE;
export const MAX_INTERVAL_MS = 24 * HOUR;
/** How far back the posting rate is measured. */
export const RATE_WINDOW_MS = 7 * 24 * HOUR;
/** The share of the interval added or removed at random, so feeds added together do not stay in lockstep. */
const JITTER = 0.1;

export interface ScheduleInput {
	now: number;
	/** REFRESH_INTERVAL_MINUTES when the operator fixed it. */
	fixedIntervalMinutes?: number;
	/** Publication times of entries within RATE_WINDOW_MS. */
	recentPublishTimes: number[];
	ttlMinutes: number | null;
	/** Retry-After or Cache-Control max-age from the last response. */
	notBefore: number | null;
	/** Errors in a row, counting the fetch just done. */
	consecutiveErrors: number;
	/** A number in [0, 1): Math.random in production, fixed in tests. */
	random: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Half the average gap between posts in the last week, within 15 min .. 24 h: a feed that posts hourly is
 * checked every half hour, one that posted once this week daily.
 */
export function adaptiveIntervalMs(recentPublishTimes: number[]): number {
	if (recentPublishTimes.length === 0) return MAX_INTERVAL_MS;
	return clamp(RATE_WINDOW_MS / recentPublishTimes.length / 2, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
}

/** Exponential backoff after errors: 15 min, 30 min, 1 h ... up to 24 h. */
export function backoffMs(consecutiveErrors: number): number {
	return Math.min(MAX_INTERVAL_MS, MIN_INTERVAL_MS * 2 ** Math.min(consecutiveErrors - 1, 16));
}

export function nextFetchAt(input: ScheduleInput): number {
	let interval: number;
	if (input.consecutiveErrors > 0) interval = backoffMs(input.consecutiveErrors);
	else if (input.fixedIntervalMinutes !== undefined) interval = input.fixedIntervalMinutes * MINUTE;
	else interval = adaptiveIntervalMs(input.recentPublishTimes);
	if (input.ttlMinutes) interval = Math.max(interval, Math.min(input.ttlMinutes * MINUTE, MAX_INTERVAL_MS));
	const jittered = interval * (1 + JITTER * (2 * input.random - 1));
	return Math.max(Math.round(input.now + jittered), input.notBefore ?? 0);
}
