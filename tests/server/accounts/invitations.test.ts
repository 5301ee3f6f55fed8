import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdInvitationSchema, invitationListSchema } from '#shared/accounts';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { holdRowLocks, lockWaiters } from '../../support/pg-row-locks';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

const HOUR = 60 * 60 * 1000;

describe('invitations', () => {
	let server: TestServer;
	let admin: string;
	let clock = Date.parse('2026-06-01T00:00:00Z');
	const invite = async (body: object = {}) => {
		const res = await call(server.url, 'POST', '/api/admin/invitations', { token: admin, body });
		expect(res.status).toBe(201);
		return createdInvitationSchema.parse(res.body);
	};
	const signup = (username: string, invitation?: string) =>
		call(server.url, 'POST', '/api/auth/signup', { body: { username, password: PASSWORD, invitation } });
	const userCount = async () => (await server.store.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;

	beforeAll(async () => {
		server = await startTestServer({ now: () => clock });
		admin = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('lets an invited person sign up while open sign-up is off, once', async () => {
		const created = await invite({ expiresInHours: 24 });
		expect(created.url).toBe(`${server.url}/signup?invitation=${created.token}`);
		expect(created.expiresAt).toBe(clock + 24 * HOUR);
		expect((await signup('closed-door')).status).toBe(403);

		const carol = await signup('carol', created.token);
		expect(carol.status).toBe(201);
		expect(carol.body.user).toMatchObject({ username: 'carol', isAdmin: false });

		const again = await signup('carol-2', created.token);
		expect(again.status).toBe(403);
		expect(again.body.error.code).toBe('forbidden');
		expect(again.body.error.message).toMatch(/invitation/);
		const listed = invitationListSchema.parse(
			(await call(server.url, 'GET', '/api/admin/invitations', { token: admin })).body
		);
		expect(listed.invitations.find((i) => i.id === created.id)).toMatchObject({ status: 'used', usedBy: 'carol' });
	});

	it('stores only a hash of the token', async () => {
		const created = await invite();
		const rows = await server.store.all<{ token_hash: Buffer }>('SELECT token_hash FROM invitations');
		expect(rows.every((r) => r.token_hash.length === 32)).toBe(true);
		expect(JSON.stringify(rows)).not.toContain(created.token);
	});

	it('makes an admin when the invitation says so', async () => {
		const created = await invite({ admin: true });
		const res = await signup('dave', created.token);
		expect(res.body.user.isAdmin).toBe(true);
	});

	it('refuses an expired, a revoked and an unknown invitation, creating nobody', async () => {
		const expiring = await invite({ expiresInHours: 1 });
		const revoked = await invite();
		expect((await call(server.url, 'DELETE', `/api/admin/invitations/${revoked.id}`, { token: admin })).status).toBe(
			204
		);
		clock += 2 * HOUR;
		const before = await userCount();
		for (const token of [expiring.token, revoked.token, 'x'.repeat(43)]) {
			const res = await signup('eve', token);
			expect(res.status).toBe(403);
			expect(res.body.error.code).toBe('forbidden');
		}
		expect(await userCount()).toBe(before);
		const listed = invitationListSchema.parse(
			(await call(server.url, 'GET', '/api/admin/invitations', { token: admin })).body
		);
		expect(listed.invitations.find((i) => i.id === expiring.id)?.status).toBe('expired');
		expect(listed.invitations.find((i) => i.id === revoked.id)?.status).toBe('revoked');
	});

	it('creates exactly one account when one invitation is used twice at once', async () => {
		const created = await invite();
		const before = await userCount();
		const results = await Promise.all([signup('twin-a', created.token), signup('twin-b', created.token)]);
		expect(results.map((r) => r.status).sort()).toEqual([201, 403]);
		expect(await userCount()).toBe(before + 1);
	});

	// Both sign-ups find the invitation open before either spends it: the race the test above can only hope for.
	it.skipIf(testBackend !== 'postgres')(
		'creates one account when both uses find the invitation open (PostgreSQL, row held meanwhile)',
		async () => {
			const created = await invite();
			const before = await userCount();
			const databaseUrl = server.deps.config.DATABASE_URL!;
			const held = await holdRowLocks(databaseUrl, 'SELECT id FROM invitations WHERE used_at IS NULL FOR UPDATE');
			const results = Promise.all([signup('race-a', created.token), signup('race-b', created.token)]);
			await expect.poll(() => lockWaiters(server.store), { timeout: 20_000 }).toBe(2);
			await held.release();
			expect((await results).map((r) => r.status).sort()).toEqual([201, 403]);
			expect(await userCount()).toBe(before + 1);
		}
	);

	it('keeps invitations to admins, and answers bad input with the error shape', async () => {
		const user = await signupUser(server, 'frank');
		for (const [method, path] of [
			['GET', '/api/admin/invitations'],
			['POST', '/api/admin/invitations'],
			['DELETE', '/api/admin/invitations/1']
		] as const) {
			const res = await call(server.url, method, path, { token: user.token, body: method === 'POST' ? {} : undefined });
			expect(res.status).toBe(403);
		}
		const bad = await call(server.url, 'POST', '/api/admin/invitations', {
			token: admin,
			body: { expiresInHours: -1, extra: true }
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe('invalid_request');
		expect((await call(server.url, 'DELETE', '/api/admin/invitations/99999', { token: admin })).status).toBe(404);
	});
});
