import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateServerSettings } from '../../server/admin/settings-repo';
import { createFolder } from '../../src/lib/actions';
import { ApiError } from '../../src/lib/api/api-error';
import { apiRequest } from '../../src/lib/api/request';
import { setupAdmin } from '../support/accounts';
import { startTestServer, type TestServer } from '../support/test-server';
import { startChaosProxy, type ChaosProxy } from './support/chaos-proxy';
import { drain } from './support/convergence';
import { createModelledAccount } from './support/modelled-account';
import { seededRandom } from './support/sync-model';

/**
 * Issue 8, item 2, one fault in detail: a 200 whose body is cut off. It is a network failure (the answer never
 * fully arrived), not a success with no body and not an internal error: the engine keeps its token and outbox,
 * says "network", and sends again.
 */
describe('an answer cut off in its body', () => {
	let server: TestServer;
	let proxy: ChaosProxy;

	beforeAll(async () => {
		server = await startTestServer();
		await setupAdmin(server);
		await updateServerSettings(server.store, { signupEnabled: true });
		proxy = await startChaosProxy(server.url, 1000);
	});
	afterAll(async () => {
		await proxy.close();
		await server.close();
	});

	it('is a network error for apiRequest', async () => {
		const failure = await failureFrom('/sync/push', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
			res.write('{"lastMutationId": 5, "res');
			setTimeout(() => req.socket.destroy(), 20);
		});
		expect(failure).toBeInstanceOf(ApiError);
		expect(failure).toMatchObject({ status: 0, code: 'network' });
	});

	it('is a network error too when a success is not JSON (a captive portal’s page)', async () => {
		const failure = await failureFrom('/sync/pull', (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in to the hotel Wi-Fi</body></html>');
		});
		expect(failure).toMatchObject({ status: 0, code: 'network' });
	});

	it('leaves the engine with its token and outbox, reporting a network error, until it gets through', async () => {
		const account = await createModelledAccount({
			username: 'frank',
			apiUrl: server.url,
			deviceUrl: proxy.url,
			store: server.store,
			devices: 1,
			entries: 0,
			random: seededRandom(3)
		});
		const [device] = account.devices;
		await createFolder(device!.db, 'cut');
		proxy.choose = (req) => (req.url?.endsWith('/sync/push') ? 'truncate' : 'forward');
		expect(await device!.sync()).toBe('failed');
		expect(device!.session.snapshot.engine!.status.lastErrorCode).toBe('network');
		expect(device!.token).not.toBeNull();
		expect(await device!.pending()).toBe(1);
		proxy.choose = () => 'forward';
		await drain([device!]);
		expect(await device!.pending()).toBe(0);
	});
});

/** What apiRequest resolves or rejects with against a one-off server that answers with `answer`. */
async function failureFrom(path: string, answer: RequestListener): Promise<unknown> {
	const server = createServer(answer);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return await apiRequest(path, { baseUrl, body: {} }).then(
			(value) => ({ resolved: value }),
			(err: unknown) => err
		);
	} finally {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
