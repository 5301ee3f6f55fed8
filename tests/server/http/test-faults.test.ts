import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

function folderPush(clientId: string, id: number) {
	return {
		protocolVersion: 1,
		clientId,
		mutations: [{ id, name: 'folder.create', args: { folderId: randomUUID(), name: `Folder ${id}`, orderKey: 'a0' } }]
	};
}

const folderCount = async (server: TestServer) =>
	(await server.store.get<{ n: number }>('SELECT count(*) AS n FROM folders'))!.n;

describe('the test fault switch', () => {
	let server: TestServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	it('does not exist when TEST_FAULTS is off (the default)', async () => {
		server = await startTestServer();
		const { token } = await setupAdmin(server);
		expect((await call(server.url, 'GET', '/api/__test/faults')).status).toBe(404);
		const set = await call(server.url, 'POST', '/api/__test/faults', { body: { pushStatus: 503, count: 5 } });
		expect(set.status).toBe(404);
		expect((await call(server.url, 'DELETE', '/api/__test/faults')).status).toBe(404);

		const push = await call(server.url, 'POST', '/api/sync/push', { token, body: folderPush('client-off-1', 1) });
		expect(push.status).toBe(200);
		expect(await folderCount(server)).toBe(1);
	});

	it('makes the next n pushes answer 503 with Retry-After, changing nothing, then lets them through', async () => {
		server = await startTestServer({ env: { TEST_FAULTS: 'true' } });
		const { token } = await setupAdmin(server);
		const set = await call(server.url, 'POST', '/api/__test/faults', {
			body: { pushStatus: 503, count: 2, retryAfterSeconds: 3 }
		});
		expect(set.status).toBe(200);
		expect(set.body).toMatchObject({ pushStatus: 503, remaining: 2 });

		for (let i = 0; i < 2; i++) {
			const failed = await call(server.url, 'POST', '/api/sync/push', { token, body: folderPush('client-on-1', 1) });
			expect(failed.status).toBe(503);
			expect(failed.headers.get('retry-after')).toBe('3');
			expect(failed.body.error.code).toBe('unavailable');
		}
		expect(await folderCount(server)).toBe(0);
		expect((await call(server.url, 'GET', '/api/__test/faults')).body).toMatchObject({ remaining: 0, served: 2 });

		const ok = await call(server.url, 'POST', '/api/sync/push', { token, body: folderPush('client-on-1', 1) });
		expect(ok.status).toBe(200);
		expect(await folderCount(server)).toBe(1);
	});

	it('is cleared by DELETE and rejects a bad switch with 400', async () => {
		server = await startTestServer({ env: { TEST_FAULTS: 'true' } });
		const { token } = await setupAdmin(server);
		const bad = await call(server.url, 'POST', '/api/__test/faults', { body: { pushStatus: 401, count: 1 } });
		expect(bad.status).toBe(400);
		await call(server.url, 'POST', '/api/__test/faults', { body: { count: 100 } });
		expect((await call(server.url, 'DELETE', '/api/__test/faults')).body).toMatchObject({ remaining: 0 });
		const ok = await call(server.url, 'POST', '/api/sync/push', { token, body: folderPush('client-clear-1', 1) });
		expect(ok.status).toBe(200);
	});
});
