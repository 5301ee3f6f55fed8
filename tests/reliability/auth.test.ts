import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRateLimits } from '../../server/deps';
import { PASSWORD, setupAdmin, signupUser } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { snapshotDatabase } from './support/db-snapshot';
import { AUTHENTICATED_ENDPOINTS, fillPath } from './support/endpoints';
import { secretsFoundInLogs } from './support/log-scan';
import { expectErrorShape } from './support/responses';

const DAY = 24 * 60 * 60 * 1000;

/** Issue 8, item 8: brute force, secrets in logs, dead sessions, setup once, admin only. */
describe('auth under attack', () => {
	let server: TestServer;
	let clock = Date.parse('2026-03-01T00:00:00Z');
	const secrets: string[] = [PASSWORD];

	beforeAll(async () => {
		server = await startTestServer({ now: () => clock, rateLimits: defaultRateLimits });
		secrets.push((await setupAdmin(server)).token);
	});
	afterAll(() => server.close());

	async function login(username: string, password: string, headers: Record<string, string> = {}) {
		return call(server.url, 'POST', '/api/auth/login', { body: { username, password }, headers });
	}

	it('rate-limits guessing one password from one address, across letter case, without locking the owner out', async () => {
		const victim = await signupUser(server, 'victim');
		secrets.push(victim.token);
		const attacker = { 'X-Forwarded-For': '203.0.113.9' };
		const guesses = ['victim', 'VICTIM', 'Victim'];
		for (let i = 0; i < defaultRateLimits.loginPerUsername; i++) {
			const res = await login(guesses[i % 3]!, `guess-number-${i}`, attacker);
			expect(res.status).toBe(401);
			expect(res.body.error.code).toBe('invalid_credentials');
			secrets.push(`guess-number-${i}`);
		}
		const blocked = await login('victim', 'guess-number-final', attacker);
		expect(blocked.status).toBe(429);
		expectErrorShape(blocked);
		expect(blocked.body.error.code).toBe('rate_limited');
		// The right password does not get through from that address either while it is guessing.
		expect((await login('victim', PASSWORD, attacker)).status).toBe(429);
		// Issue 16, item 4: the owner, from their own address, still signs in (the old lockout by name refused them).
		expect((await login('victim', PASSWORD, { 'X-Forwarded-For': '198.51.100.7' })).status).toBe(200);
		// The session the owner already has is untouched: a rate limit never signs anyone out.
		expect((await call(server.url, 'GET', '/api/auth/me', { token: victim.token })).status).toBe(200);
	});

	it('rate-limits one address spraying many usernames', async () => {
		let status = 0;
		let attempts = 0;
		while (attempts < defaultRateLimits.loginPerIp + 5) {
			attempts += 1;
			status = (await login(`nobody-${attempts}`, 'spray-password-1')).status;
			if (status === 429) break;
			expect(status).toBe(401);
		}
		expect(status).toBe(429);
		expect(attempts).toBeLessThanOrEqual(defaultRateLimits.loginPerIp + 1);
	});

	it('answers 401 unauthenticated on every endpoint for a missing, garbage, revoked, expired or deleted session', async () => {
		const revoked = await signupUser(server, 'revoked');
		await call(server.url, 'POST', '/api/auth/logout', { token: revoked.token });
		const expiring = await signupUser(server, 'expiring');
		const deleted = await signupUser(server, 'deleted');
		const admin = await login('admin', PASSWORD, { 'X-Forwarded-For': '192.0.2.200' });
		expect(admin.status).toBe(200);
		secrets.push(revoked.token, expiring.token, deleted.token, admin.body.token);
		expect(
			(await call(server.url, 'DELETE', `/api/admin/users/${deleted.user.id}`, { token: admin.body.token })).status
		).toBe(204);
		const disabled = await signupUser(server, 'disabled');
		secrets.push(disabled.token);
		await call(server.url, 'PATCH', `/api/admin/users/${disabled.user.id}`, {
			token: admin.body.token,
			body: { disabled: true }
		});

		const before = await snapshotDatabase(server.store);
		clock += 200 * DAY; // `expiring` was never used again: expired. The others are dead for their own reasons.
		const cases: [string, Record<string, string>][] = [
			['no token', {}],
			['garbage', { Authorization: `Bearer ${'A'.repeat(43)}` }],
			['not bearer', { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` }],
			['revoked', { Authorization: `Bearer ${revoked.token}` }],
			['expired', { Authorization: `Bearer ${expiring.token}` }],
			['deleted user', { Authorization: `Bearer ${deleted.token}` }],
			['disabled user', { Authorization: `Bearer ${disabled.token}` }]
		];
		for (const endpoint of AUTHENTICATED_ENDPOINTS) {
			for (const [label, headers] of cases) {
				const res = await call(server.url, endpoint.method, fillPath(endpoint.path), { headers, body: endpoint.body });
				const context = `${label}: ${endpoint.method} ${endpoint.path}`;
				expect(res.status, context).toBe(401);
				expect(res.body.error.code, context).toBe('unauthenticated');
				expectErrorShape(res, context);
			}
		}
		// The event stream also takes its token from the query string (EventSource cannot send headers).
		const events = await call(server.url, 'GET', `/api/sync/events?token=${revoked.token}`);
		expect(events.status).toBe(401);
		expect(await snapshotDatabase(server.store)).toBe(before);
	});

	it('lets setup run once, even when many race for it', async () => {
		const fresh = await startTestServer();
		try {
			const attempts = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					call(fresh.url, 'POST', '/api/setup', { body: { username: `first-${i}`, password: PASSWORD } })
				)
			);
			const statuses = attempts.map((r) => r.status).sort();
			expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
			attempts.filter((r) => r.status === 409).forEach((r) => expectErrorShape(r));
			const again = await call(fresh.url, 'POST', '/api/setup', { body: { username: 'late', password: PASSWORD } });
			expect(again.status).toBe(409);
			const users = fresh.db.prepare('SELECT is_admin FROM users').all();
			expect(users).toEqual([{ is_admin: 1 }]);
			expect((await call(fresh.url, 'GET', '/api/setup/status')).body.needsSetup).toBe(false);
		} finally {
			await fresh.close();
		}
	});

	it('answers 403 to a signed-in non-admin on every admin endpoint, changing nothing', async () => {
		const user = await signupUser(server, 'plain-user');
		secrets.push(user.token);
		const before = await snapshotDatabase(server.store);
		const adminEndpoints = [
			...AUTHENTICATED_ENDPOINTS.filter((e) => e.admin),
			{ method: 'GET' as const, path: '/api/admin/not-a-route' },
			{ method: 'PATCH' as const, path: '/api/admin/users/:user', body: { disabled: false } }
		];
		for (const endpoint of adminEndpoints) {
			for (const target of [user.user.id, 1]) {
				const res = await call(server.url, endpoint.method, fillPath(endpoint.path, { user: target }), {
					token: user.token,
					body: endpoint.body
				});
				expect(res.status, `${endpoint.method} ${endpoint.path} on user ${target}`).toBe(403);
				expectErrorShape(res);
			}
		}
		expect(await snapshotDatabase(server.store)).toBe(before);
		expect((await call(server.url, 'GET', '/api/auth/me', { token: user.token })).body.user.isAdmin).toBe(false);
	});

	it('never writes a token or a password to the log', async () => {
		const changer = await signupUser(server, 'changer');
		const newPassword = 'a-new-secret-passphrase';
		const resetPassword = 'admin-chosen-passphrase';
		const admin = await login('admin', PASSWORD, { 'X-Forwarded-For': '192.0.2.201' });
		secrets.push(changer.token, newPassword, resetPassword, admin.body.token);
		await call(server.url, 'POST', '/api/auth/password', {
			token: changer.token,
			body: { currentPassword: PASSWORD, newPassword }
		});
		await call(server.url, 'POST', `/api/admin/users/${changer.user.id}/password`, {
			token: admin.body.token,
			body: { password: resetPassword }
		});
		// Tokens in the places a careless logger would pick them up: the query, a malformed header, a bad body.
		await call(server.url, 'GET', `/api/auth/me?token=${admin.body.token}&access_token=${admin.body.token}`);
		await call(server.url, 'GET', '/api/auth/me', { headers: { Authorization: `Bearer ${admin.body.token}!` } });
		await call(server.url, 'POST', '/api/auth/login', { rawBody: `{"username":"admin","password":"${resetPassword}"` });
		await call(server.url, 'POST', '/api/auth/login', { body: { username: ['admin'], password: resetPassword } });
		await call(server.url, 'POST', '/api/setup', { body: { username: 'again', password: resetPassword } });
		await server.logged();
		expect(secretsFoundInLogs([{ file: server.logFile }], secrets)).toEqual([]);
	});
});
