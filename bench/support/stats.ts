/** Summary statistics over repeated measurements: benchmarks report medians and tails, never a single run. */
export interface Summary {
	n: number;
	min: number;
	p50: number;
	p99: number;
	max: number;
	mean: number;
}

/** The value at quantile q (0..1) by the nearest-rank method on a sorted copy. */
export function percentile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank]!;
}

export function median(values: readonly number[]): number {
	return percentile(values, 0.5);
}

export function summarize(values: readonly number[]): Summary {
	const total = values.reduce((sum, v) => sum + v, 0);
	return {
		n: values.length,
		min: Math.min(...values),
		p50: percentile(values, 0.5),
		p99: percentile(values, 0.99),
		max: Math.max(...values),
		mean: values.length ? total / values.length : Number.NaN
	};
}

/** Rounds for printing and JSON: enough digits to compare, none that pretend to precision. */
export function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Milliseconds taken by fn. */
export async function timeMs(fn: () => unknown): Promise<number> {
	const start = performance.now();
	await fn();
	return performance.now() - start;
}
