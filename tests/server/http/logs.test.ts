import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD, setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('structured logs', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(() => server.close());

	it('log each request with an id, and never a password or a token', async () => {
		const { token } = await setupAdmin(server);
		await call(server.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: PASSWORD } });
		await call(server.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
		await call(server.url, 'GET', '/api/health');
		const me = await call(server.url, 'GET', `/api/auth/me?token=${token}`, { token });
		expect(me.status).toBe(200);
		await server.logged();

		const text = fs.readFileSync(server.logFile, 'utf8');
		const lines = text
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		const requests = lines.filter((l) => l.req);
		expect(requests.length).toBeGreaterThanOrEqual(4);
		expect(requests.every((l) => typeof (l.req as { id?: unknown }).id === 'string')).toBe(true);
		expect(me.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		const meLine = requests.find((l) => (l.req as { path?: string }).path === '/api/auth/me');
		expect(meLine).toMatchObject({
			level: 30,
			msg: 'request completed',
			req: { id: me.headers.get('x-request-id'), method: 'GET', path: '/api/auth/me' },
			res: { status: 200 }
		});
		expect(meLine!.responseTime).toEqual(expect.any(Number));
		expect(requests.filter((l) => (l.req as { path?: string }).path === '/api/auth/login')).toHaveLength(2);
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toContain('wrong-password');
		expect(text).not.toContain(token);
		expect(requests.some((l) => (l.req as { path?: string }).path === '/api/health')).toBe(false);
	});
});
