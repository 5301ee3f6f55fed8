import fc from 'fast-check';
import { expect } from 'vitest';
import { call, type JsonResponse } from '../../support/http';
import type { TestServer } from '../../support/test-server';
import { snapshotDatabase } from './db-snapshot';
import { expectHandled } from './responses';

/** One generated request. `path` is already encoded (or deliberately mis-encoded). */
export interface FuzzRequest {
	method: string;
	path: string;
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
}

/**
 * Sends the request and checks the contract: no 5xx but a genuine 503, errors in the error shape, and a
 * rejected request leaves every table exactly as it was.
 */
export async function sendChecked(
	server: TestServer,
	token: string | undefined,
	req: FuzzRequest
): Promise<JsonResponse> {
	const before = await snapshotDatabase(server.store);
	const res = await call(server.url, req.method, req.path, {
		token,
		body: req.body,
		rawBody: req.rawBody,
		headers: req.headers
	});
	const context = `${req.method} ${req.path} ${JSON.stringify(req.body ?? req.rawBody ?? null)?.slice(0, 500)}`;
	expectHandled(res, context);
	if (res.status >= 400) expect(await snapshotDatabase(server.store), `${context} changed the database`).toBe(before);
	return res;
}

/** Strings that have broken servers before: empty, control characters, injections, huge, numeric edge cases. */
export const nastyString = fc.oneof(
	{ weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
	fc.constantFrom(
		'',
		' ',
		'\u0000',
		'\ud800',
		'../../etc/passwd',
		"' OR 1=1; DROP TABLE users; --",
		'<script>alert(1)</script>',
		'__proto__',
		'constructor',
		'NaN',
		'-1',
		'0',
		'1e309',
		'9007199254740993',
		'\u202eevil',
		'a'.repeat(5000),
		'𝕏'.repeat(300)
	)
);

/** Anything JSON can carry, small enough to send thousands of. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value that is sometimes right for a field and often not. */
export function maybe<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
	return fc.oneof(
		{ weight: 3, arbitrary: good },
		{ weight: 1, arbitrary: anyJson },
		{ weight: 1, arbitrary: nastyString }
	);
}

/** Percent-encodes a segment; lone surrogates become U+FFFD first, as a browser would send them. */
export function encodeSegment(segment: string): string {
	return encodeURIComponent(segment.toWellFormed());
}

/** A path segment: a plausible id, a nasty string (encoded), or a deliberately broken percent-encoding. */
export function pathSegment(...plausible: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
	return fc.oneof(
		...plausible.map((arbitrary) => ({ weight: 3, arbitrary: arbitrary.map(encodeSegment) })),
		{ weight: 2, arbitrary: nastyString.filter((s) => s.length > 0).map(encodeSegment) },
		{ weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '%2F..%2F', '..', '.', '%C0%AE%C0%AE') }
	);
}

/** Body variations: the shape itself, any JSON, invalid JSON, or a body in a content type the API does not take. */
export function bodyVariants(
	shape: fc.Arbitrary<unknown>
): fc.Arbitrary<Pick<FuzzRequest, 'body' | 'rawBody' | 'headers'>> {
	return fc.oneof(
		{ weight: 6, arbitrary: shape.map((body) => ({ body })) },
		{ weight: 2, arbitrary: anyJson.map((body) => ({ body })) },
		{ weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((rawBody) => ({ rawBody })) },
		{
			weight: 1,
			arbitrary: fc
				.tuple(
					shape,
					fc.constantFrom(
						'text/plain',
						'application/x-www-form-urlencoded',
						'application/json; charset=utf-16',
						'application/json; charset=klingon',
						'multipart/form-data; boundary=x'
					)
				)
				.map(([body, type]) => ({ rawBody: JSON.stringify(body) ?? 'null', headers: { 'Content-Type': type } }))
		}
	);
}
