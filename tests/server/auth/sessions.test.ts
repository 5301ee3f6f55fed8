import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

const DAY = 24 * 60 * 60 * 1000;

function expectUnauthenticated(res: { status: number; headers: Headers; body: { error: { code: string } } }) {
	expect(res.status).toBe(401);
	expect(res.body.error.code).toBe('unauthenticated');
	expect(res.headers.get('www-authenticate')).toBe('Bearer');
}

describe('sessions: 401 only for an invalid session', () => {
	let server: TestServer;
	let clock = Date.parse('2026-01-01T00:00:00Z');
	beforeAll(async () => {
		server = await startTestServer({ now: () => clock });
		await setupAdmin(server);
	});
	afterAll(() => server.close());

	it('answers 401 with WWW-Authenticate for no token and a garbage token', async () => {
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me'));
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me', { token: 'x'.repeat(43) }));
		expectUnauthenticated(
			await call(server.url, 'GET', '/api/auth/me', { headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } })
		);
	});

	it('stores only the SHA-256 of the token', async () => {
		const { token } = await signupUser(server, 'hashcheck');
		const rows = await server.store.all<{ token_hash: Buffer }>('SELECT token_hash FROM sessions');
		expect(rows.every((r) => r.token_hash.length === 32)).toBe(true);
		expect(rows.some((r) => r.token_hash.toString('base64url') === token)).toBe(false);
	});

	it('slides the expiry on use, and answers 401 once a session expired unused', async () => {
		const { token } = await signupUser(server, 'slider');
		clock += 100 * DAY;
		expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
		clock += 170 * DAY; // 270 days after sign-in, 170 after the last use
		expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
		clock += 181 * DAY;
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me', { token }));
	});

	it('revokes the session on logout', async () => {
		const { token } = await signupUser(server, 'leaver');
		expect((await call(server.url, 'POST', '/api/auth/logout', { token })).status).toBe(204);
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me', { token }));
	});

	it('signs out the other devices when the password changes', async () => {
		const first = await signupUser(server, 'changer');
		const other = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'changer', password: PASSWORD }
		});
		const change = await call(server.url, 'POST', '/api/auth/password', {
			token: first.token,
			body: { currentPassword: PASSWORD, newPassword: 'a brand new secret' }
		});
		expect(change.status).toBe(204);
		expect((await call(server.url, 'GET', '/api/auth/me', { token: first.token })).status).toBe(200);
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me', { token: other.body.token }));
		const relogin = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'changer', password: 'a brand new secret' }
		});
		expect(relogin.status).toBe(200);
	});

	it('signs a disabled user out everywhere', async () => {
		const admin = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'admin', password: PASSWORD }
		});
		const victim = await signupUser(server, 'disabled-one');
		const res = await call(server.url, 'PATCH', `/api/admin/users/${victim.user.id}`, {
			token: admin.body.token,
			body: { disabled: true }
		});
		expect(res.status).toBe(204);
		expectUnauthenticated(await call(server.url, 'GET', '/api/auth/me', { token: victim.token }));
		const login = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'disabled-one', password: PASSWORD }
		});
		expect(login.status).toBe(403);
	});
});
