import { availableParallelism, totalmem } from 'node:os';
import pLimit from 'p-limit';
import { PARSE_JOB_TIMEOUT_MS } from '../refresh-limits';
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
	jobTimeoutMs: PARSE_JOB_TIMEOUT_MS,
	idleMs: 60_000,
	heapLimitMb: workerHeapMb(totalmem())
});

/**
 * A worker's heap limit, from the machine's memory: 3/8 of it (192 MB on Fly's 512 MB machine, fly.toml), between
 * 128 and 512 MB. Only one large body is parsed at a time, so the server stays within the machine even when a
 * hostile or huge feed fills a worker's heap.
 */
export function workerHeapMb(machineBytes: number): number {
	return Math.max(128, Math.min(512, Math.floor((machineBytes / 2 ** 20) * (3 / 8))));
}

/** Over this, a body's parse tree and entries take tens of megabytes: such bodies are parsed one at a time. */
export const LARGE_BODY_BYTES = 1024 * 1024;
const largeBodies = pLimit(1);

/** Parses a fetched feed and sanitizes its entries; throws with the parser's message (e.g. "not a feed"). */
export function parseAndPrepare(body: Buffer, options: PrepareOptions): Promise<ParsedFeed> {
	if (body.length < OFF_THREAD_BYTES) return Promise.resolve().then(() => parseAndPrepareNow(body, options));
	if (body.length < LARGE_BODY_BYTES) return pool.parse(body, options);
	return largeBodies(() => pool.parse(body, options));
}
