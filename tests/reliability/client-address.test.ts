import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, setupAdmin } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 16, items 3 and 4: the client address that rate limits are keyed on is believed from X-Forwarded-For only
 * when TRUST_PROXY names the peer; a refusal is keyed on name and address together, and a name guessed from many
 * addresses is slowed down, never refused, so its owner can still sign in.
 */
describe('client address and sign-in limits', () => {
	let server: TestServer | undefined;
	afterEach(() => server?.close());

	const login = (username: string, password: string, headers: Record<string, string> = {}) =>
		call(server!.url, 'POST', '/api/auth/login', { body: { username, password }, headers });

	it('TRUST_PROXY=none: X-Forwarded-For from the peer does not change the rate-limit key', async () => {
		server = await startTestServer({ env: { TRUST_PROXY: 'none' }, rateLimits: { loginPerIp: 3 } });
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) {
			statuses.push((await login(`nobody-${i}`, 'spray-password', { 'X-Forwarded-For': `203.0.113.${i}` })).status);
		}
		expect(statuses).toEqual([401, 401, 401, 429]);
	});

	it('TRUST_PROXY=header:Fly-Client-IP: the platform header is the key, X-Forwarded-For is ignored', async () => {
		server = await startTestServer({ env: { TRUST_PROXY: 'header:Fly-Client-IP' }, rateLimits: { loginPerIp: 2 } });
		const spoofing = (i: number) => ({ 'Fly-Client-IP': '198.51.100.1', 'X-Forwarded-For': `203.0.113.${i}` });
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await login(`nobody-${i}`, 'spray-password', spoofing(i))).status);
		expect(statuses).toEqual([401, 401, 429]);
		// Another client behind the same proxy has its own count.
		expect((await login('nobody', 'spray-password', { 'Fly-Client-IP': '198.51.100.2' })).status).toBe(401);
	});

	it('refuses a name guessed from one address, but its owner signs in from another', async () => {
		server = await startTestServer({ rateLimits: { loginPerIp: 100, loginPerUsername: 3 } });
		await setupAdmin(server);
		const attacker = { 'X-Forwarded-For': '203.0.113.50' };
		for (let i = 0; i < 3; i++) expect((await login('admin', `guess-password-${i}`, attacker)).status).toBe(401);
		expect((await login('admin', PASSWORD, attacker)).status).toBe(429);
		expect((await login('admin', PASSWORD, { 'X-Forwarded-For': '198.51.100.20' })).status).toBe(200);
	});

	it('slows down, never refuses, a name guessed from many addresses', async () => {
		server = await startTestServer({
			rateLimits: { loginPerIp: 100, loginPerUsername: 3, loginSlowdownStepMs: 20, loginSlowdownMaxMs: 100 }
		});
		await setupAdmin(server);
		for (let i = 0; i < 8; i++) {
			const res = await login('admin', `guess-password-${i}`, { 'X-Forwarded-For': `203.0.113.${100 + i}` });
			expect(res.status).toBe(401);
		}
		expect((await login('admin', PASSWORD, { 'X-Forwarded-For': '198.51.100.30' })).status).toBe(200);
		const log = fs.readFileSync(server.logFile, 'utf8');
		expect(log).toMatch(/sign-ins for one name are failing from many addresses; slowing them down/);
	});
});
