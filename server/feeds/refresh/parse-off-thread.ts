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
	heapLimitMb: workerHeapMb(machineMemory())
});

/** The memory the server has: the machine's, or less when a container limit (cgroup) says so. */
export function machineMemory(): number {
	const limit = process.constrainedMemory?.() ?? 0;
	return limit > 0 ? Math.min(totalmem(), limit) : totalmem();
}

/**
 * A worker's heap limit: a quarter of the server's memory (128 MB on the 512 MB machine of fly.toml), between 64
 * and 256 MB. Reading a feed holds its text and the newest entries only, so the largest body fetched (10 MiB)
 * needs 32 MB (80,000 small items) to 48 MB (1,000 items of 10 KB); a hostile document that needs more fails
 * alone. With one large body parsed at a time, the server's peak stays within the machine (docs/reliability.md).
 */
export function workerHeapMb(machineBytes: number): number {
	return Math.max(64, Math.min(256, Math.floor(machineBytes / 2 ** 20 / 4)));
}

/** Over this, a body's parse takes tens of megabytes: such bodies are parsed one at a time. */
export const LARGE_BODY_BYTES = 1024 * 1024;
const largeBodies = pLimit(1);

/**
 * Parses a fetched feed and sanitizes its entries; throws with the parser's message (e.g. "not a feed"). The
 * body's memory moves to the worker (the caller must not read it afterwards), so it is never held twice.
 */
export function parseAndPrepare(body: Buffer, options: PrepareOptions): Promise<ParsedFeed> {
	if (body.length < OFF_THREAD_BYTES) return Promise.resolve().then(() => parseAndPrepareNow(body, options));
	if (body.length < LARGE_BODY_BYTES) return pool.parse(body, options, { transfer: true });
	return largeBodies(() => pool.parse(body, options, { transfer: true }));
}
