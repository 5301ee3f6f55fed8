import { describe, expect, it } from 'vitest';
import {
	adaptiveIntervalMs,
	backoffMs,
	MAX_INTERVAL_MS,
	MIN_INTERVAL_MS,
	nextFetchAt
} from '../../../server/feeds/refresh/schedule-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.UTC(2026, 0, 1);
const base = { now, recentPublishTimes: [], ttlMinutes: null, notBefore: null, consecutiveErrors: 0, random: 0.5 };

describe('schedule policy', () => {
	it('adapts the interval to the posting rate, within 15 minutes and 24 hours', () => {
		expect(adaptiveIntervalMs([])).toBe(MAX_INTERVAL_MS);
		// 7 posts a week: half a day.
		expect(adaptiveIntervalMs(Array.from({ length: 7 }, (_, i) => now - i * 24 * HOUR))).toBe(12 * HOUR);
		expect(adaptiveIntervalMs(Array.from({ length: 1000 }, () => now))).toBe(MIN_INTERVAL_MS);
		expect(adaptiveIntervalMs([now])).toBe(MAX_INTERVAL_MS);
	});

	it('backs off exponentially on errors up to a day', () => {
		expect([1, 2, 3, 4].map(backoffMs)).toEqual([15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR]);
		expect(backoffMs(50)).toBe(MAX_INTERVAL_MS);
	});

	it('uses the fixed interval when the operator set one, the ttl and notBefore as lower bounds', () => {
		expect(nextFetchAt({ ...base, fixedIntervalMinutes: 30 })).toBe(now + 30 * MINUTE);
		expect(nextFetchAt({ ...base, fixedIntervalMinutes: 30, ttlMinutes: 120 })).toBe(now + 2 * HOUR);
		expect(nextFetchAt({ ...base, fixedIntervalMinutes: 30, notBefore: now + 5 * HOUR })).toBe(now + 5 * HOUR);
		expect(nextFetchAt({ ...base, consecutiveErrors: 2, notBefore: now + 3 * HOUR })).toBe(now + 3 * HOUR);
	});

	it('adds at most 10% jitter either way', () => {
		const at = (random: number) => nextFetchAt({ ...base, fixedIntervalMinutes: 100, random });
		expect(at(0)).toBe(now + 90 * MINUTE);
		expect(at(0.999999)).toBeLessThanOrEqual(now + 110 * MINUTE);
		expect(at(0.999999)).toBeGreaterThan(now + 109 * MINUTE);
	});
});
