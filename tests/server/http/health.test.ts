import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('GET /api/health', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(() => server.close().catch(() => undefined));

	it('answers ok after a real query, and 503 once the database cannot answer', async () => {
		const ok = await call(server.url, 'GET', '/api/health');
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ status: 'ok' });

		server.db.close();
		const down = await call(server.url, 'GET', '/api/health');
		expect(down.status).toBe(503);
		expect(down.body.error.code).toBe('unavailable');
		expect(down.headers.get('retry-after')).toBeTruthy();
	});
});
