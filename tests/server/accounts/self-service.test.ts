import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { holdRowLocks, lockWaiters } from '../../support/pg-row-locks';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

describe('account self-service', () => {
	let server: TestServer;
	let admin: string;
	const rowsOf = async (table: string, userId: number) =>
		(await server.store.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, [userId]))!.n;

	beforeAll(async () => {
		server = await startTestServer();
		admin = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('changes the username under the same rules, and a taken name in any case is a conflict', async () => {
		const kim = await signupUser(server, 'kim');
		await signupUser(server, 'lee');
		const taken = await call(server.url, 'PATCH', '/api/auth/me', { token: kim.token, body: { username: 'LEE' } });
		expect(taken.status).toBe(409);
		const invalid = await call(server.url, 'PATCH', '/api/auth/me', { token: kim.token, body: { username: 'a b' } });
		expect(invalid.status).toBe(400);
		const renamed = await call(server.url, 'PATCH', '/api/auth/me', {
			token: kim.token,
			body: { username: 'Kimberly' }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body.user.username).toBe('Kimberly');
		const login = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'kimberly', password: PASSWORD }
		});
		expect(login.status).toBe(200);
		const sameName = await call(server.url, 'PATCH', '/api/auth/me', {
			token: kim.token,
			body: { username: 'KIMBERLY' }
		});
		expect(sameName.status).toBe(200);
	});

	it('deletes my account and everything of mine only with my password', async () => {
		const max = await signupUser(server, 'max');
		const push = await call(server.url, 'POST', '/api/sync/push', {
			token: max.token,
			body: {
				protocolVersion: 1,
				clientId: 'max-device-1',
				mutations: [
					{ id: 1, name: 'folder.create', args: { folderId: crypto.randomUUID(), name: 'News', orderKey: 'a0' } }
				]
			}
		});
		expect(push.status).toBe(200);
		expect(await rowsOf('folders', max.user.id)).toBe(1);

		const wrong = await call(server.url, 'DELETE', '/api/auth/me', {
			token: max.token,
			body: { password: 'not it at all' }
		});
		expect(wrong.status).toBe(403);
		expect(await rowsOf('folders', max.user.id)).toBe(1);

		expect(
			(await call(server.url, 'DELETE', '/api/auth/me', { token: max.token, body: { password: PASSWORD } })).status
		).toBe(204);
		for (const table of ['folders', 'sessions', 'sync_clients']) expect(await rowsOf(table, max.user.id)).toBe(0);
		expect((await call(server.url, 'GET', '/api/auth/me', { token: max.token })).status).toBe(401);
	});

	it('does not let the last admin delete their account or be demoted', async () => {
		const res = await call(server.url, 'DELETE', '/api/auth/me', { token: admin, body: { password: PASSWORD } });
		expect(res.status).toBe(409);
		expect(res.body.error.message).toMatch(/only admin/);
		const adminId = (await call(server.url, 'GET', '/api/auth/me', { token: admin })).body.user.id;
		const demote = await call(server.url, 'PATCH', `/api/admin/users/${adminId}`, {
			token: admin,
			body: { isAdmin: false }
		});
		expect(demote.status).toBe(409);
	});
});

describe('user management by an admin', () => {
	let server: TestServer;
	let admin: string;
	beforeAll(async () => {
		server = await startTestServer();
		admin = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('creates a user with a temporary password who can sign in at once', async () => {
		const res = await call(server.url, 'POST', '/api/admin/users', {
			token: admin,
			body: { username: 'nina', password: 'temporary pass' }
		});
		expect(res.status).toBe(201);
		expect(res.body.user).toMatchObject({ username: 'nina', isAdmin: false, disabled: false });
		const login = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'nina', password: 'temporary pass' }
		});
		expect(login.status).toBe(200);
		const clash = await call(server.url, 'POST', '/api/admin/users', {
			token: admin,
			body: { username: 'NINA', password: 'temporary pass' }
		});
		expect(clash.status).toBe(409);
	});

	it('makes and removes admins; a new admin may administer, and the last one stays', async () => {
		const oscar = await signupUser(server, 'oscar');
		const promote = await call(server.url, 'PATCH', `/api/admin/users/${oscar.user.id}`, {
			token: admin,
			body: { isAdmin: true }
		});
		expect(promote.status).toBe(204);
		expect((await call(server.url, 'GET', '/api/admin/users', { token: oscar.token })).status).toBe(200);
		const adminId = (await call(server.url, 'GET', '/api/auth/me', { token: admin })).body.user.id;
		expect(
			(await call(server.url, 'PATCH', `/api/admin/users/${adminId}`, { token: oscar.token, body: { isAdmin: false } }))
				.status
		).toBe(204);
		const last = await call(server.url, 'PATCH', `/api/admin/users/${oscar.user.id}`, {
			token: oscar.token,
			body: { isAdmin: false }
		});
		expect(last.status).toBe(409);
		const empty = await call(server.url, 'PATCH', `/api/admin/users/${oscar.user.id}`, {
			token: oscar.token,
			body: {}
		});
		expect(empty.status).toBe(400);
	});
});

// Two admins each leaving at once both see another admin unless the check locks what it counts.
describe.skipIf(testBackend !== 'postgres')('the last admin, with two admins leaving at once (PostgreSQL)', () => {
	let server: TestServer;
	beforeAll(async () => (server = await startTestServer()));
	afterAll(() => server.close());

	it('lets only one of them go', async () => {
		const first = (await setupAdmin(server)).token;
		const second = await signupUser(server, 'second-admin');
		const promoted = await call(server.url, 'PATCH', `/api/admin/users/${second.user.id}`, {
			token: first,
			body: { isAdmin: true }
		});
		expect(promoted.status).toBe(204);
		const held = await holdRowLocks(server.deps.config.DATABASE_URL!, 'SELECT id FROM users FOR UPDATE');
		const leaving = Promise.all(
			[first, second.token].map((token) =>
				call(server.url, 'DELETE', '/api/auth/me', { token, body: { password: PASSWORD } })
			)
		);
		await expect.poll(() => lockWaiters(server.store), { timeout: 20_000 }).toBe(2);
		await held.release();
		expect((await leaving).map((r) => r.status).sort()).toEqual([204, 409]);
		const admins = await server.store.get<{ n: number }>('SELECT count(*) AS n FROM users WHERE is_admin = 1');
		expect(admins!.n).toBe(1);
	});
});
