import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { SqliteError } from 'better-sqlite3';
import { z } from 'zod';
import type { ErrorCode } from '#shared/api';
import { isTransientPostgresError } from '../db/pg/errors';
import { DomainError, type DomainErrorKind } from '../domain-errors';
import { requestFields } from './request-log';

/** An error the client caused or should know about, answered with design.md's error shape. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: ErrorCode,
		message: string,
		readonly details?: unknown,
		readonly retryAfterSeconds?: number
	) {
		super(message);
	}
}

export function unavailable(message: string, retryAfterSeconds = 2): HttpError {
	return new HttpError(503, 'unavailable', message, undefined, retryAfterSeconds);
}

/**
 * SQLite failures that say "try again later", not "your request is wrong" and never "you are not signed in":
 * a lock held by someone else, an I/O error, a full disk, a read-only file.
 */
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|PROTOCOL|NOLFS|NOMEM|INTERRUPT)/;

/** Either store's "later": SQLite's above, a closed SQLite connection, PostgreSQL's (db/pg/errors.ts). */
export function isTransientDatabaseError(err: unknown): boolean {
	if (err instanceof SqliteError) return TRANSIENT_SQLITE.test(err.code);
	if (err instanceof TypeError && /database connection is not open/.test(err.message)) return true;
	return isTransientPostgresError(err);
}

export function fromZodError(error: z.ZodError, what = 'request'): HttpError {
	return new HttpError(400, 'invalid_request', `invalid ${what}: ${z.prettifyError(error)}`, error.issues);
}

export function sendError(res: Response, error: HttpError): void {
	if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
	if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
	const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
	if (error.details !== undefined) body.details = error.details;
	res.status(error.status).json({ error: body });
}

/** The one place a domain error becomes an HTTP status and wire code. */
const DOMAIN_ANSWERS: Record<DomainErrorKind, { status: number; code: ErrorCode }> = {
	not_found: { status: 404, code: 'not_found' },
	conflict: { status: 409, code: 'conflict' },
	invalid: { status: 400, code: 'invalid_request' },
	forbidden: { status: 403, code: 'forbidden' },
	unauthenticated: { status: 401, code: 'unauthenticated' },
	too_large: { status: 413, code: 'payload_too_large' },
	unavailable: { status: 503, code: 'unavailable' },
	upstream: { status: 502, code: 'bad_gateway' }
};

/**
 * Translates domain errors, what Express's own middleware throws (body parser) and what the database throws into
 * HttpErrors.
 */
export function toHttpError(err: unknown): HttpError | undefined {
	if (err instanceof HttpError) return err;
	if (err instanceof DomainError) {
		const answer = DOMAIN_ANSWERS[err.kind];
		const retryAfter = err.kind === 'unavailable' ? 2 : undefined;
		return new HttpError(answer.status, err.code ?? answer.code, err.message, err.details, retryAfter);
	}
	if (isTransientDatabaseError(err)) {
		return unavailable('the database is busy or unavailable; try again shortly');
	}
	const e = err as { type?: string; status?: number; message?: string };
	if (e?.type === 'entity.too.large') return new HttpError(413, 'payload_too_large', 'the request body is too large');
	if (e?.type === 'entity.parse.failed') return new HttpError(400, 'invalid_request', 'the body is not valid JSON');
	if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
		return new HttpError(415 as number, 'invalid_request', e.message ?? 'unsupported encoding');
	}
	if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
		return new HttpError(e.status, 'invalid_request', e.message ?? 'bad request');
	}
	return undefined;
}

/** The one error handler, registered last. Anything it does not recognise is a bug: 500, logged with the id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
	const known = toHttpError(err);
	if (res.headersSent) {
		req.log?.error({ err, req: requestFields(req) }, 'error after the response started');
		res.end();
		return;
	}
	if (known) {
		if (known.status >= 500) req.log?.warn({ err, req: requestFields(req) }, known.message);
		sendError(res, known);
		return;
	}
	req.log?.error({ err, req: requestFields(req) }, 'unhandled error');
	sendError(res, new HttpError(500, 'internal', `internal error (request ${String(req.id)})`));
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
	next(new HttpError(404, 'not_found', `no API endpoint ${req.method} ${req.path}`));
};
