import { expect } from 'vitest';
import { errorBodySchema } from '#shared/api';
import type { JsonResponse } from '../../support/http';

/** A failed response must carry the contract's error shape; a 503 and a 429 must say when to retry. */
export function expectErrorShape(res: JsonResponse, context = ''): void {
	const parsed = errorBodySchema.safeParse(res.body);
	expect(parsed.success, `${context} error body ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(true);
	if (res.status === 503 || res.status === 429) {
		expect(Number(res.headers.get('retry-after')), `${context} Retry-After`).toBeGreaterThan(0);
	}
	if (res.status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
}

/** No 5xx except a genuine 503, and every error in the contract's shape. */
export function expectHandled(res: JsonResponse, context = ''): void {
	expect(
		res.status >= 500 && res.status !== 503,
		`${context} answered ${res.status}: ${JSON.stringify(res.body)?.slice(0, 300)}`
	).toBe(false);
	if (res.status >= 400) expectErrorShape(res, context);
}
