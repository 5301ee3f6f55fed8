import { availableParallelism } from 'node:os';
import { ParsePool } from './parse-pool';
import { parseAndPrepareNow, type ParsedFeed, type PrepareOptions } from './prepare-entries';

export type { ParsedFeed } from './prepare-entries';

/**
 * Below this a body parses and sanitizes in about a millisecond, less than the trip to a worker and back costs.
 * Everything bigger goes to the pool: a 25 KB feed already takes a few milliseconds of CPU, a 700 KB one 70 to
 * 250 ms, and a thousand of them on the main thread stall every API request.
 */
export const OFF_THREAD_BYTES = 8 * 1024;

/**
 * One thread per spare core, at least one: the main thread keeps a core for the API, fetching and storing.
 * Workers start only when needed and stop after a minute without work.
 */
const pool = new ParsePool({
	size: Math.max(1, Math.min(4, availableParallelism() - 1)),
	maxQueued: 100,
	jobTimeoutMs: 60_000,
	idleMs: 60_000
});

/** Parses a fetched feed and sanitizes its entries; throws with the parser's message (e.g. "not a feed"). */
export function parseAndPrepare(body: Buffer, options: PrepareOptions): Promise<ParsedFeed> {
	if (body.length < OFF_THREAD_BYTES) return Promise.resolve().then(() => parseAndPrepareNow(body, options));
	return pool.parse(body, options);
}
