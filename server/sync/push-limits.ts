import type { Request } from 'express';
import { HttpError } from '../http/errors';
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES } from '#shared/sync';

const tooLarge = (message: string) => new HttpError(413, 'payload_too_large', message);

/**
 * The push limits, answered as 413 before anything is parsed or applied. The JSON body parser accepts a little
 * more than MAX_PUSH_BYTES (so that this check, not the parser, decides); a body sent compressed or without
 * Content-Length is measured by its re-serialized size.
 */
export function checkPushLimits(req: Request): void {
	const declared = Number(req.get('content-length'));
	const measured = Number.isFinite(declared) && !req.get('content-encoding');
	const bytes = measured ? declared : Buffer.byteLength(JSON.stringify(req.body ?? null));
	if (bytes > MAX_PUSH_BYTES) throw tooLarge(`a push may carry at most ${MAX_PUSH_BYTES} bytes`);
	const mutations = (req.body as { mutations?: unknown } | undefined)?.mutations;
	if (Array.isArray(mutations) && mutations.length > MAX_MUTATIONS_PER_PUSH) {
		throw tooLarge(`a push may carry at most ${MAX_MUTATIONS_PER_PUSH} mutations`);
	}
}
