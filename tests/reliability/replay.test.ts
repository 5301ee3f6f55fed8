import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateServerSettings } from '../../server/admin/settings-repo';
import { createFolder, renameFolder, renameSubscription, setRead, setStarred, subscribe } from '../../src/lib/actions';
import type { SessionResponse } from '#shared/api';
import { PASSWORD, setupAdmin } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { startChaosProxy, type ChaosProxy } from './support/chaos-proxy';
import { drain } from './support/convergence';
import { Device } from './support/device';
import { createModelledAccount, type AccountWithActors } from './support/modelled-account';
import { addEntries, serverState } from './support/server-state';
import { seededRandom } from './support/sync-model';

/**
 * Issue 8, items 1-2, the sharpest case of "applied exactly once": a device's push commits but its answer is lost,
 * another device then changes the same things, and the first device sends its push again. Because mutations carry
 * absolute values, a server that applied the resent push again would silently undo the second device's changes;
 * it must answer "duplicate" and change nothing.
 */
describe('a push resent after its answer was lost is not applied again', () => {
	let server: TestServer;
	let proxy: ChaosProxy;
	let account: AccountWithActors;

	beforeAll(async () => {
		server = await startTestServer();
		await setupAdmin(server);
		await updateServerSettings(server.store, { signupEnabled: true });
		proxy = await startChaosProxy(server.url, 1000);
		// The laptop talks through the proxy; the phone (made in the test) straight to the server.
		account = await createModelledAccount({
			username: 'erin',
			apiUrl: server.url,
			deviceUrl: proxy.url,
			store: server.store,
			devices: 1,
			entries: 0,
			random: seededRandom(1)
		});
	});
	afterAll(async () => {
		await proxy?.close();
		await server?.close();
	});

	it('keeps the later change of another device', async () => {
		const [laptop] = account.devices;
		const phone = new Device('erin-phone', server.url);
		const login = await call<SessionResponse>(server.url, 'POST', '/api/auth/login', {
			body: { username: 'erin', password: PASSWORD }
		});
		await phone.signIn(login.body);

		const folderId = await createFolder(laptop!.db, 'Original');
		const feedUrl = 'http://127.0.0.1:9/replay.xml';
		const subscriptionId = await subscribe(laptop!.db, feedUrl, folderId);
		expect(await laptop!.sync()).toBe('synced');
		const [first, second] = await addEntries(server.store, feedUrl, 2);
		await drain([laptop!, phone]);

		// The laptop's push commits, and its answer never arrives.
		proxy.choose = (req) => (req.url?.endsWith('/sync/push') ? 'drop-after-commit' : 'forward');
		await renameFolder(laptop!.db, folderId, 'from laptop');
		await renameSubscription(laptop!.db, subscriptionId, 'from laptop');
		await setRead(laptop!.db, [first!], true);
		await setStarred(laptop!.db, second!, true);
		expect(await laptop!.sync()).toBe('failed');
		expect(await laptop!.pending()).toBe(4);
		expect((await serverState(server.store, account.userId)).folders[folderId]).toBe('from laptop');

		// The phone sees that, and changes the same things afterwards.
		expect(await phone.sync()).toBe('synced');
		await renameFolder(phone.db, folderId, 'from phone');
		await renameSubscription(phone.db, subscriptionId, 'from phone');
		await setRead(phone.db, [first!], false);
		await setStarred(phone.db, second!, false);
		expect(await phone.sync()).toBe('synced');

		// The laptop's network heals: it sends its four mutations again.
		proxy.choose = () => 'forward';
		await drain([laptop!, phone]);
		const expected = {
			folders: { [folderId]: 'from phone' },
			subscriptions: expect.objectContaining({ [subscriptionId]: { title: 'from phone', folderId } }),
			entries: { [first!]: { read: false, starred: false }, [second!]: { read: false, starred: false } }
		};
		expect(await serverState(server.store, account.userId)).toMatchObject(expected);
		expect(await laptop!.visibleState()).toMatchObject(expected);
		expect(await phone.visibleState()).toMatchObject(expected);
		expect(await laptop!.pending()).toBe(0);
	});
});
