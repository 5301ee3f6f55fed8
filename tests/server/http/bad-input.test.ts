import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('bad input gets a clear error and changes nothing', () => {
	let server: TestServer;
	let token: string;
	const userCount = async () => (await server.store.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
	const settingsRows = () => server.store.all('SELECT * FROM server_settings ORDER BY key');

	beforeAll(async () => {
		server = await startTestServer();
		token = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('answers malformed JSON with 400 invalid_request', async () => {
		const res = await call(server.url, 'POST', '/api/auth/login', { rawBody: '{"username": "admin", ' });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/JSON/) } });
	});

	it('answers wrong types with 400 and the zod issues', async () => {
		const before = await settingsRows();
		const res = await call(server.url, 'PATCH', '/api/admin/settings', {
			token,
			body: { signupEnabled: 'yes', retentionDays: -1 }
		});
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_request');
		expect(res.body.error.details).toEqual(
			expect.arrayContaining([expect.objectContaining({ path: ['signupEnabled'] })])
		);
		expect(await settingsRows()).toEqual(before);

		const signup = await call(server.url, 'POST', '/api/setup', { body: { username: 42, password: ['x'] } });
		expect(signup.status).toBe(400);
		expect(await userCount()).toBe(1);
	});

	it('answers an oversized body with 413 payload_too_large', async () => {
		const res = await call(server.url, 'POST', '/api/auth/signup', {
			body: { username: 'big', password: 'x'.repeat(3 * 1024 * 1024) }
		});
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe('payload_too_large');
		expect(await userCount()).toBe(1);
	});

	it('answers an unknown API path with a JSON 404', async () => {
		const res = await call(server.url, 'GET', '/api/no/such/thing', { token });
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe('not_found');
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
	});

	it('answers an unknown user id on the admin API with 404 and a bad one with 400', async () => {
		expect((await call(server.url, 'DELETE', '/api/admin/users/999', { token })).status).toBe(404);
		expect((await call(server.url, 'DELETE', '/api/admin/users/abc', { token })).status).toBe(400);
	});

	it('will not disable or delete the only admin', async () => {
		const me = await call(server.url, 'GET', '/api/auth/me', { token });
		const res = await call(server.url, 'DELETE', `/api/admin/users/${me.body.user.id}`, { token });
		expect(res.status).toBe(409);
		expect(await userCount()).toBe(1);
	});
});
