const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 24 * 3600_000],
	['month', 30 * 24 * 3600_000],
	['week', 7 * 24 * 3600_000],
	['day', 24 * 3600_000],
	['hour', 3600_000],
	['minute', 60_000]
];

/** "3 minutes ago", "yesterday", "just now": how long ago a moment was, in the browser's language. */
export function relativeTime(at: number, now: number = Date.now()): string {
	const elapsed = at - now;
	const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
	for (const [unit, ms] of UNITS) {
		if (Math.abs(elapsed) >= ms) return format.format(Math.round(elapsed / ms), unit);
	}
	return 'just now';
}

export function fullDate(at: number): string {
	return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
