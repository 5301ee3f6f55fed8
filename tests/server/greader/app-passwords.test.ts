import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appPasswordListSchema, createdAppPasswordSchema } from '#shared/app-passwords';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { clientLogin, createAppPassword, ReaderClient } from './reader-support';

let server: TestServer;
afterEach(() => server.close());

describe('app passwords', () => {
	let token: string;
	beforeEach(async () => {
		server = await startTestServer();
		token = (await setupAdmin(server, 'alice')).token;
	});

	it('are shown once, listed without the password, and stored only as hashes', async () => {
		const created = await call(server.url, 'POST', '/api/app-passwords', { token, body: { name: ' Phone ' } });
		expect(created.status).toBe(201);
		const body = createdAppPasswordSchema.strict().parse(created.body);
		expect(body.name).toBe('Phone');
		expect(body.password).toMatch(/^[A-Za-z0-9_-]{43}$/);

		const list = await call(server.url, 'GET', '/api/app-passwords', { token });
		const parsed = appPasswordListSchema.parse(list.body);
		expect(parsed.appPasswords).toEqual([
			{ id: body.id, name: 'Phone', createdAt: expect.any(Number), lastUsedAt: null }
		]);
		expect(JSON.stringify(list.body)).not.toContain(body.password);

		const auth = await clientLogin(server, 'alice', body.password);
		const stored = JSON.stringify(
			(await server.store.all<object>('SELECT * FROM app_passwords')).map((r) => Object.values(r).map(String))
		);
		const hex = (s: string) => Buffer.from(s).toString('hex');
		for (const secret of [body.password, auth]) {
			expect(stored).not.toContain(secret);
			expect(stored).not.toContain(hex(secret));
		}
		expect((await new ReaderClient(server, auth).get('/reader/api/0/user-info')).status).toBe(200);
		const listed = appPasswordListSchema.parse((await call(server.url, 'GET', '/api/app-passwords', { token })).body);
		expect(listed.appPasswords[0]!.lastUsedAt).toEqual(expect.any(Number));
	});

	it('refuses a missing or empty name with the error shape and stores nothing', async () => {
		for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 'a', extra: 1 }]) {
			const res = await call(server.url, 'POST', '/api/app-passwords', { token, body });
			expect(res.status).toBe(400);
			expect(res.body.error.code).toBe('invalid_request');
		}
		expect(await server.store.get('SELECT count(*) AS n FROM app_passwords')).toEqual({ n: 0 });
	});

	it('need a web session: no token, an app password or its Auth token are all 401', async () => {
		const { password } = await createAppPassword(server, token);
		const auth = await clientLogin(server, 'alice', password);
		for (const bearer of [undefined, password, auth]) {
			const res = await call(server.url, 'GET', '/api/app-passwords', { token: bearer });
			expect(res.status).toBe(401);
		}
	});

	it('revoking one stops its sign-in and its Auth token at once, and leaves the others working', async () => {
		const phone = await createAppPassword(server, token, 'phone');
		const laptop = await createAppPassword(server, token, 'laptop');
		const phoneClient = new ReaderClient(server, await clientLogin(server, 'alice', phone.password));
		const laptopClient = new ReaderClient(server, await clientLogin(server, 'alice', laptop.password));
		expect((await phoneClient.get('/reader/api/0/user-info')).status).toBe(200);

		expect((await call(server.url, 'DELETE', `/api/app-passwords/${phone.id}`, { token })).status).toBe(204);
		expect((await phoneClient.get('/reader/api/0/user-info')).status).toBe(401);
		await expect(clientLogin(server, 'alice', phone.password)).rejects.toThrow(/401/);
		expect((await laptopClient.get('/reader/api/0/user-info')).status).toBe(200);
		expect((await call(server.url, 'DELETE', `/api/app-passwords/${phone.id}`, { token })).status).toBe(404);
		expect((await call(server.url, 'DELETE', '/api/app-passwords/nope', { token })).status).toBe(404);
	});

	it('are each user’s own: another user can neither list nor revoke them', async () => {
		const mine = await createAppPassword(server, token);
		const bob = (await signupUser(server, 'bob')).token;
		const list = await call(server.url, 'GET', '/api/app-passwords', { token: bob });
		expect(list.body).toEqual({ appPasswords: [] });
		expect((await call(server.url, 'DELETE', `/api/app-passwords/${mine.id}`, { token: bob })).status).toBe(404);
		// Alice's app password does not sign in as Bob either.
		await expect(clientLogin(server, 'bob', mine.password)).rejects.toThrow(/401/);
		expect(await clientLogin(server, 'alice', mine.password)).toMatch(/^[A-Za-z0-9_-]+$/);
	});
});

describe('ClientLogin', () => {
	beforeEach(async () => {
		server = await startTestServer({ rateLimits: { loginPerIp: 100, loginPerUsername: 3, windowMs: 60_000 } });
		await setupAdmin(server, 'alice');
	});

	it('never accepts the web password', async () => {
		const res = await new ReaderClient(server, null).post(
			'/accounts/ClientLogin',
			new URLSearchParams({ Email: 'alice', Passwd: PASSWORD })
		);
		expect(res.status).toBe(401);
		expect(res.json).toMatchObject({ error: { code: 'invalid_credentials' } });
	});

	it('is rate-limited per username like the web sign-in', async () => {
		const client = new ReaderClient(server, null);
		const statuses = [];
		for (let i = 0; i < 4; i++) {
			const res = await client.post(
				'/accounts/ClientLogin',
				new URLSearchParams({ Email: 'Alice', Passwd: `guess-${i}` })
			);
			statuses.push(res.status);
		}
		expect(statuses).toEqual([401, 401, 401, 429]);
	});
});
