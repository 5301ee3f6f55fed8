import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Answers smaller than this go uncompressed. */
export const COMPRESSION_THRESHOLD_BYTES = 14 * 1024;

/**
 * gzip for answers of at least the threshold: one that fits TCP's initial window (10 segments, about 14 KB)
 * arrives in one round trip anyway, and gzipping it saved no time and cost a new zlib stream per answer.
 */
export function compress(): RequestHandler {
	return compression({ threshold: COMPRESSION_THRESHOLD_BYTES });
}

const compressOne = compress();

/**
 * Sends `value` as JSON, through gzip only when it is large. The sync routes answer this way instead of behind
 * the compression middleware: its set-up for every request was about 4% of the server's time under
 * bench/load.ts, where nearly every push and pull answer is small.
 */
export function sendJson(req: Request, res: Response, value: unknown): void {
	const body = JSON.stringify(value);
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	if (Buffer.byteLength(body) < COMPRESSION_THRESHOLD_BYTES) res.send(body);
	else compressOne(req, res, () => res.send(body));
}
