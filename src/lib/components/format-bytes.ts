const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * A size as people read it: "0.6 MB", "10 GB". The unit is the largest that keeps the number at 1 or more; one
 * decimal below 10, none above (a browser quota of 10240.6 MB is "10 GB"). Intl spells the unit for the locale.
 */
export function formatBytes(bytes: number, locale?: string): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit += 1;
	}
	// Below a megabyte the count of kilobytes says little: show such small stores as a fraction of a MB.
	if (unit < 2) {
		value = bytes / 1024 / 1024;
		unit = 2;
	}
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit: UNITS[unit],
		unitDisplay: 'short',
		maximumFractionDigits: value < 10 ? 1 : 0
	}).format(value);
}
