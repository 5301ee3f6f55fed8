import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { setupAdmin } from '../../support/accounts';
import { holdWriteLock } from '../../support/lock-holder';
import { startTestServer, type TestServer } from '../../support/test-server';

/** The predecessor's bug: a busy database turned into 401 and signed people out. */
describe('while another process holds the write lock', () => {
	let server: TestServer;
	let token: string;
	beforeAll(async () => {
		server = await startTestServer({ env: { DB_BUSY_TIMEOUT_MS: '150' } });
		token = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('never answers 401: reads still work, writes get 503 with Retry-After, and all recovers after', async () => {
		const lock = await holdWriteLock(server.deps.config.databasePath);
		try {
			const reads = await Promise.all(
				Array.from({ length: 5 }, () => call(server.url, 'GET', '/api/auth/me', { token }))
			);
			expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

			const write = await call(server.url, 'PATCH', '/api/admin/settings', { token, body: { signupEnabled: true } });
			expect(write.status).toBe(503);
			expect(write.body.error.code).toBe('unavailable');
			expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);

			const login = await call(server.url, 'POST', '/api/auth/login', {
				body: { username: 'admin', password: 'correct horse battery' }
			});
			expect(login.status).toBe(503);
		} finally {
			await lock.release();
		}
		const after = await call(server.url, 'PATCH', '/api/admin/settings', { token, body: { signupEnabled: true } });
		expect(after.status).toBe(200);
		expect(after.body.signupEnabled).toBe(true);
		expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
	});

	it('answers 503, not 401, when the session lookup itself fails', async () => {
		const closed = await startTestServer();
		const admin = await setupAdmin(closed);
		closed.db.close();
		const res = await call(closed.url, 'GET', '/api/auth/me', { token: admin.token });
		expect(res.status).toBe(503);
		expect(res.body.error.code).toBe('unavailable');
		expect(res.headers.get('retry-after')).not.toBeNull();
		const health = await call(closed.url, 'GET', '/api/health');
		expect(health.status).toBe(503);
		await closed.close().catch(() => undefined);
	});
});
