import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSessionListSchema } from '#shared/accounts';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

const PHONE_UA =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

describe('devices: where a user is signed in', () => {
	let server: TestServer;
	const login = async (username: string, extra: { device?: string; ua?: string } = {}) => {
		const res = await call(server.url, 'POST', '/api/auth/login', {
			body: { username, password: PASSWORD, device: extra.device },
			headers: extra.ua ? { 'User-Agent': extra.ua } : {}
		});
		expect(res.status).toBe(200);
		return res.body.token as string;
	};
	const sessions = async (token: string) => {
		const res = await call(server.url, 'GET', '/api/auth/sessions', { token });
		expect(res.status).toBe(200);
		return deviceSessionListSchema.parse(res.body).sessions;
	};

	beforeAll(async () => {
		server = await startTestServer();
		await setupAdmin(server);
	});
	afterAll(() => server.close());

	it('lists the sessions with a device name, marking this one', async () => {
		await signupUser(server, 'gina');
		const phone = await login('gina', { ua: PHONE_UA });
		const laptop = await login('gina', { device: "Gina's laptop" });
		const list = await sessions(laptop);
		expect(list).toHaveLength(3);
		expect(list.filter((s) => s.current).map((s) => s.device)).toEqual(["Gina's laptop"]);
		expect(list.map((s) => s.device)).toContain('Chrome on Android');
		expect((await sessions(phone)).find((s) => s.current)?.device).toBe('Chrome on Android');
	});

	it('signs out one device, whose next request is a 401; another user cannot touch it', async () => {
		await signupUser(server, 'hugo');
		const keep = await login('hugo');
		const lost = await login('hugo', { device: 'lost phone' });
		const lostId = (await sessions(keep)).find((s) => s.device === 'lost phone')!.id;

		const stranger = await signupUser(server, 'ivan');
		const foreign = await call(server.url, 'DELETE', `/api/auth/sessions/${lostId}`, { token: stranger.token });
		expect(foreign.status).toBe(404);
		expect(foreign.body.error.code).toBe('not_found');
		expect((await call(server.url, 'GET', '/api/auth/me', { token: lost })).status).toBe(200);

		expect((await call(server.url, 'DELETE', `/api/auth/sessions/${lostId}`, { token: keep })).status).toBe(204);
		const after = await call(server.url, 'GET', '/api/auth/me', { token: lost });
		expect(after.status).toBe(401);
		expect(after.body.error.code).toBe('unauthenticated');
		expect((await sessions(keep)).map((s) => s.id)).not.toContain(lostId);
		expect((await call(server.url, 'DELETE', '/api/auth/sessions/abc', { token: keep })).status).toBe(400);
	});

	it('signs out every other device and keeps this one', async () => {
		await signupUser(server, 'jade');
		const others = [await login('jade'), await login('jade')];
		const here = await login('jade');
		const res = await call(server.url, 'POST', '/api/auth/sessions/revoke-others', { token: here });
		expect(res.status).toBe(200);
		expect(res.body.revoked).toBe(3);
		for (const token of others) expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(401);
		expect((await sessions(here)).map((s) => s.current)).toEqual([true]);
	});
});
