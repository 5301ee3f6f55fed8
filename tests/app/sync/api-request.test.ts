import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/api/api-error';
import { apiRequest } from '../../../src/lib/api/request';
import { errorResponse, jsonResponse } from './fake-sync-server';

const answer = (response: Response) => (async () => response) as unknown as typeof fetch;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(ApiError);
	return err as ApiError;
}

describe('apiRequest', () => {
	it('only a 401 with the code unauthenticated counts as the session ending', async () => {
		const ended = await failure(apiRequest('/x', { fetch: answer(errorResponse(401, 'unauthenticated')) }));
		expect(ended.isUnauthenticated).toBe(true);
		const wrongPassword = await failure(apiRequest('/x', { fetch: answer(errorResponse(401, 'invalid_credentials')) }));
		expect(wrongPassword.isUnauthenticated).toBe(false);
		const forbidden = await failure(apiRequest('/x', { fetch: answer(errorResponse(403, 'unauthenticated')) }));
		expect(forbidden.isUnauthenticated).toBe(false);
		const bare = await failure(apiRequest('/x', { fetch: answer(new Response('no', { status: 401 })) }));
		expect(bare).toMatchObject({ status: 401, code: 'http_401' });
		expect(bare.isUnauthenticated).toBe(false);
	});

	it('reads Retry-After in seconds', async () => {
		const err = await failure(
			apiRequest('/x', { fetch: answer(errorResponse(429, 'rate_limited', { 'Retry-After': '3' })) })
		);
		expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 3000 });
	});

	it('turns an unreachable server into status 0 "network"', async () => {
		const offline = (async () => {
			throw new TypeError('fetch failed');
		}) as unknown as typeof fetch;
		expect(await failure(apiRequest('/x', { fetch: offline }))).toMatchObject({ status: 0, code: 'network' });
	});

	it('returns JSON, or the raw text when asked', async () => {
		expect(await apiRequest('/x', { fetch: answer(jsonResponse(200, { a: 1 })) })).toEqual({ a: 1 });
		const xml = '<opml version="2.0"/>';
		expect(await apiRequest('/opml', { fetch: answer(new Response(xml)), as: 'text' })).toBe(xml);
	});
});
