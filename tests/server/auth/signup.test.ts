import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('sign-up and login', () => {
	let server: TestServer;
	let adminToken: string;
	beforeAll(async () => {
		server = await startTestServer();
		adminToken = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('refuses sign-up while the admin has not allowed it', async () => {
		const res = await call(server.url, 'POST', '/api/auth/signup', { body: { username: 'bob', password: PASSWORD } });
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('forbidden');
	});

	it('allows sign-up once enabled, and a name differing only in case is taken', async () => {
		const enable = await call(server.url, 'PATCH', '/api/admin/settings', {
			token: adminToken,
			body: { signupEnabled: true }
		});
		expect(enable.status).toBe(200);
		expect((await call(server.url, 'GET', '/api/setup/status')).body.signupEnabled).toBe(true);

		const bob = await call(server.url, 'POST', '/api/auth/signup', { body: { username: 'Bob', password: PASSWORD } });
		expect(bob.status).toBe(201);
		expect(bob.body.user.isAdmin).toBe(false);

		const clash = await call(server.url, 'POST', '/api/auth/signup', { body: { username: 'bOB', password: PASSWORD } });
		expect(clash.status).toBe(409);
		expect(clash.body.error.code).toBe('conflict');
	});

	it('logs in with any case of the username and refuses a wrong password with invalid_credentials', async () => {
		const ok = await call(server.url, 'POST', '/api/auth/login', { body: { username: 'BOB', password: PASSWORD } });
		expect(ok.status).toBe(200);
		expect(ok.body.user.username).toBe('Bob');

		const wrong = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'bob', password: 'nope-nope' }
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body.error.code).toBe('invalid_credentials');

		const unknown = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'nobody', password: PASSWORD }
		});
		expect(unknown.status).toBe(401);
		expect(unknown.body.error.code).toBe('invalid_credentials');
	});

	it('keeps non-admins out of the admin API', async () => {
		const bob = await call(server.url, 'POST', '/api/auth/login', { body: { username: 'bob', password: PASSWORD } });
		const res = await call(server.url, 'GET', '/api/admin/users', { token: bob.body.token });
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('forbidden');
	});
});

describe('login rate limit', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ rateLimits: { loginPerIp: 50, loginPerUsername: 3, windowMs: 60_000 } });
		await setupAdmin(server);
	});
	afterAll(() => server.close());

	it('answers 429 with Retry-After after repeated failures for one username', async () => {
		const attempt = () =>
			call(server.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
		for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
		const limited = await attempt();
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
