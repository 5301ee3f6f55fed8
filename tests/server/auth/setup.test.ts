import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD } from '../../support/accounts';
import { holdRowLocks, lockWaiters } from '../../support/pg-row-locks';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

describe('first-start setup', () => {
	let server: TestServer;
	beforeEach(async () => {
		server = await startTestServer();
	});
	afterEach(() => server.close());

	it('creates the admin once and returns a working session', async () => {
		expect((await call(server.url, 'GET', '/api/setup/status')).body).toEqual({
			needsSetup: true,
			signupEnabled: false
		});

		const res = await call(server.url, 'POST', '/api/setup', { body: { username: 'Admin', password: PASSWORD } });
		expect(res.status).toBe(201);
		expect(res.body.user).toEqual({ id: expect.any(Number), username: 'Admin', isAdmin: true });
		expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

		const me = await call(server.url, 'GET', '/api/auth/me', { token: res.body.token });
		expect(me.status).toBe(200);
		expect(me.body.user.username).toBe('Admin');
		expect((await call(server.url, 'GET', '/api/setup/status')).body.needsSetup).toBe(false);
	});

	it('refuses a second setup with 409 and keeps the first admin', async () => {
		await call(server.url, 'POST', '/api/setup', { body: { username: 'first', password: PASSWORD } });
		const again = await call(server.url, 'POST', '/api/setup', { body: { username: 'second', password: PASSWORD } });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('conflict');
		const users = await server.store.all('SELECT username FROM users');
		expect(users).toEqual([{ username: 'first' }]);
	});

	it('creates exactly one admin when two setups race', async () => {
		const results = await Promise.all(
			['a1', 'a2', 'a3', 'a4'].map((username) =>
				call(server.url, 'POST', '/api/setup', { body: { username, password: PASSWORD } })
			)
		);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
		expect(await server.store.get('SELECT count(*) AS n FROM users')).toEqual({ n: 1 });
	});

	// Every setup finds no user before any inserts one: the race the test above can only hope for.
	it.skipIf(testBackend !== 'postgres')(
		'creates one admin when every setup finds no user yet (PostgreSQL, users held meanwhile)',
		async () => {
			const held = await holdRowLocks(server.deps.config.DATABASE_URL!, 'LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
			const racing = Promise.all(
				['b1', 'b2', 'b3'].map((username) =>
					call(server.url, 'POST', '/api/setup', { body: { username, password: PASSWORD } })
				)
			);
			await expect.poll(() => lockWaiters(server.store), { timeout: 20_000 }).toBe(3);
			await held.release();
			expect((await racing).map((r) => r.status).sort()).toEqual([201, 409, 409]);
			expect(await server.store.get('SELECT count(*) AS n FROM users')).toEqual({ n: 1 });
		}
	);

	it('rejects a short password and stores no user', async () => {
		const res = await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: 'short' } });
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_request');
		expect(await server.store.get('SELECT count(*) AS n FROM users')).toEqual({ n: 0 });
	});

	it('stores a memory-hard hash, never the password', async () => {
		vi.stubEnv('TEST_FAST_PASSWORD_HASHES', 'false');
		onTestFinished(() => {
			vi.unstubAllEnvs();
		});
		await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } });
		const { password_hash } = (await server.store.get<{ password_hash: string }>('SELECT password_hash FROM users'))!;
		expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(password_hash).not.toContain(PASSWORD);
	});
});
