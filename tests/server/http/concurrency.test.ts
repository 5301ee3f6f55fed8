import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('100 concurrent authenticated requests on a database file', () => {
	let server: TestServer;
	let token: string;
	beforeAll(async () => {
		server = await startTestServer();
		token = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('answers every read and write without a 401 or a 5xx', async () => {
		const requests = Array.from({ length: 100 }, (_, i) =>
			i % 2 === 0
				? call(server.url, 'PATCH', '/api/admin/settings', { token, body: { retentionDays: 30 + i } })
				: call(server.url, 'GET', '/api/auth/me', { token })
		);
		const statuses = (await Promise.all(requests)).map((r) => r.status);
		expect(statuses.filter((s) => s === 401)).toEqual([]);
		expect(statuses.filter((s) => s >= 500)).toEqual([]);
		expect(statuses.every((s) => s === 200)).toBe(true);
		const settings = await call(server.url, 'GET', '/api/admin/settings', { token });
		expect(settings.body.retentionDays).toBeGreaterThanOrEqual(30);
	});
});
