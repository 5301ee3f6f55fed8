/** Timers the engine uses, injectable so tests can run retries by hand instead of waiting. */
export interface Timers {
	after(ms: number, fn: () => void): () => void;
	every(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
	after(ms, fn) {
		const handle = setTimeout(fn, ms);
		return () => clearTimeout(handle);
	},
	every(ms, fn) {
		const handle = setInterval(fn, ms);
		return () => clearInterval(handle);
	}
};
