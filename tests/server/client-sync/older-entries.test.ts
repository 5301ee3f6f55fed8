import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setRead, setStarred, subscribe } from '../../../src/lib/actions';
import { getMeta } from '../../../src/lib/db/meta';
import { pruneOfflineEntries } from '../../../src/lib/db/offline-retention';
import { loadEntryIds } from '../../../src/lib/queries/entry-ids';
import { ListPaging, pagedList } from '../../../src/lib/state/list-paging.svelte';
import { serverPages } from '../../../src/lib/sync/apply-entry-page';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { addEntries, Device, login } from './devices';

const FEED = 'https://feeds.example.test/archive.xml';
const OPTIONS = { sortOrder: 'newest', hideRead: false } as const;
let server: TestServer;

beforeEach(async () => {
	server = await startTestServer();
	await setupAdmin(server, 'admin');
});
afterEach(() => server.close());

/** Waits until the paging has no page on its way (pages are asked for without being awaited). */
async function settled(paging: ListPaging): Promise<void> {
	await expect.poll(() => paging.status).not.toBe('loading');
}

describe('a list past what the device keeps offline', () => {
	it('pages the older entries from the server, and actions on them sync, with pending ones on top', async () => {
		const device = new Device(server);
		const { token } = await login(server, 'admin');
		await device.session.signIn(await login(server, 'admin'));
		const subscriptionId = await subscribe(device.db, FEED, null);
		expect(await device.sync()).toBe('synced');
		// 120 entries from 2023, all read: the next start drops them from the device.
		const ids = await addEntries(server, FEED, 120);
		expect(await device.sync()).toBe('synced');
		await setRead(device.db, ids, true);
		expect(await device.sync()).toBe('synced');
		expect(await pruneOfflineEntries(device.db, Date.now())).toBe(120);
		const offlineFrom = (await getMeta(device.db, 'offlineFrom'))!;
		const view = { kind: 'subscription', subscriptionId } as const;
		expect(await loadEntryIds(device.db, view, OPTIONS)).toEqual([]);

		// Offline, this device marks one of them unread: the entry is not here, the mutation waits in the outbox.
		device.offline = true;
		await setRead(device.db, [ids[0]!], false);

		device.offline = false;
		const paging = new ListPaging(serverPages(device.db, device.session));
		paging.open('feed', pagedList(view, 'newest', offlineFrom), true);
		await settled(paging);
		expect(paging.status).toBe('more');
		const firstPage = await loadEntryIds(device.db, view, OPTIONS, paging.shows('feed'));
		expect(firstPage).toEqual(ids.slice(-50).reverse());
		await paging.more();
		await paging.more();
		expect(paging.status).toBe('complete');
		expect(paging.shows('feed')).toBeNull();
		expect(await loadEntryIds(device.db, view, OPTIONS)).toEqual([...ids].reverse());
		// The server sent it read; the pending mutation still shows on top.
		expect((await device.db.entries.get(ids[0]!))?.read).toBe(0);

		await setStarred(device.db, ids[1]!, true);
		expect(await device.sync()).toBe('synced');
		const marks = await call(server.url, 'GET', `/api/entries?scope=starred`, { token });
		expect(marks.body.entries.map((e: { id: number }) => e.id)).toEqual([ids[1]]);
		const unread = await call(
			server.url,
			'GET',
			`/api/entries?scope=subscription&subscriptionId=${subscriptionId}&unreadOnly=true`,
			{ token }
		);
		expect(unread.body.entries.map((e: { id: number }) => e.id)).toEqual([ids[0]]);
	});

	it('says when the server cannot be reached, and shows the device whole', async () => {
		const device = new Device(server);
		await device.session.signIn(await login(server, 'admin'));
		const subscriptionId = await subscribe(device.db, FEED, null);
		expect(await device.sync()).toBe('synced');
		device.offline = true;
		const paging = new ListPaging(serverPages(device.db, device.session));
		paging.open('feed', pagedList({ kind: 'subscription', subscriptionId }, 'oldest', Date.now()), true);
		await settled(paging);
		expect(paging.status).toBe('device-only');
		expect(paging.shows('feed')).toBeNull();
	});
});
