import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('GET /api/health', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(() => server.close().catch(() => undefined));

	it('answers ok after a real query, and 503 once the database cannot answer, never 401 to a signed-in user', async () => {
		const { token } = await setupAdmin(server);
		const ok = await call(server.url, 'GET', '/api/health');
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ status: 'ok' });

		// SQLite's connection closed, or PostgreSQL's pool ended: every statement fails from here on.
		await server.store.close();
		const down = await call(server.url, 'GET', '/api/health');
		expect(down.status).toBe(503);
		expect(down.body.error.code).toBe('unavailable');
		expect(down.headers.get('retry-after')).toBeTruthy();

		const me = await call(server.url, 'GET', '/api/auth/me', { token });
		expect(me.status).toBe(503);
		expect(me.body.error.code).toBe('unavailable');
		expect(me.headers.get('retry-after')).toBeTruthy();
	});
});
