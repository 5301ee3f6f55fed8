import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createFolder,
	deleteFolder,
	markAllRead,
	moveSubscription,
	setRead,
	subscribe,
	unsubscribe
} from '../../../src/lib/actions';
import { subscriptionsIn } from '../../../src/lib/db/lists';
import { setupAdmin, signupUser } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';
import { login } from '../../server/client-sync/devices';
import { canonicalJson, deviceState, serverCanonicalState } from '../../reliability/support/canonical-state';
import { startChaosProxy, type ChaosProxy } from '../../reliability/support/chaos-proxy';
import { Device } from '../../reliability/support/device';
import { DeviceFaults } from '../../reliability/support/device-faults';
import { addEntries } from '../../reliability/support/server-state';

/**
 * Issue 12: four ways a device used to end up permanently different from the server and from a freshly synced
 * device. Two or three devices of one user, the real sync engine on fake-indexeddb, the real server behind a proxy
 * that can take a device offline or drop an answer after the server committed.
 */

// Closed ports of this machine: the server's fetches of these feeds fail at once and never leave it.
const FEED = 'http://127.0.0.1:9/news.xml';
const OTHER_FEED = 'http://127.0.0.1:9/other.xml';

let server: TestServer;
let proxy: ChaosProxy;
let faults: DeviceFaults;
let userId: number;
const devices: Device[] = [];

beforeEach(async () => {
	server = await startTestServer();
	await setupAdmin(server, 'admin');
	userId = (await signupUser(server, 'alice')).user.id;
	proxy = await startChaosProxy(server.url, 1_000);
	faults = new DeviceFaults(proxy);
});

afterEach(async () => {
	for (const device of devices.splice(0)) device.session.snapshot.engine?.stop();
	await proxy.close();
	await server.close();
});

async function newDevice(label: string): Promise<Device> {
	const device = new Device(label, proxy.url);
	await device.signIn(await login(server, 'alice'));
	devices.push(device);
	return device;
}

async function syncAll(...syncing: Device[]): Promise<void> {
	for (const device of syncing) expect(await device.sync(), `${device.label} syncs`).toBe('synced');
}

/** Every device, a device installed now, and the server show the same, and nothing is left to send. */
async function expectConverged(...synced: Device[]): Promise<void> {
	const expected = canonicalJson(await serverCanonicalState(server.store, userId));
	const fresh = await newDevice('fresh');
	await syncAll(fresh);
	for (const device of [...synced, fresh]) {
		expect(await device.db.outbox.count(), `${device.label} outbox`).toBe(0);
		expect(canonicalJson(await deviceState(device.db)), `${device.label} against the server`).toBe(expected);
	}
}

describe('every device converges', () => {
	it('(a) unsubscribing and subscribing again on one device keeps the entries on the others', async () => {
		const a = await newDevice('a');
		const b = await newDevice('b');
		const first = await subscribe(a.db, FEED, null);
		await syncAll(a);
		await addEntries(server.store, FEED, 4);
		await syncAll(a, b);
		expect(await b.db.entries.count()).toBe(4);

		await unsubscribe(a.db, first);
		await subscribe(a.db, FEED, null);
		await syncAll(a, b, b);
		expect(await b.db.entries.count()).toBe(4);
		await expectConverged(a, b);
	});

	it('(b) a refused change whose answer was lost is undone, and the user is told', async () => {
		const a = await newDevice('a');
		const b = await newDevice('b');
		faults.setOffline(a, true);
		faults.setOffline(b, true);
		await subscribe(a.db, FEED, null);
		const phantom = await subscribe(b.db, FEED, null);
		faults.setOffline(a, false);
		faults.setOffline(b, false);
		await syncAll(a);
		// The server refuses b's second subscription to the feed; b never hears it.
		faults.next(b, 'push', 'drop-after-commit');
		expect(await b.sync()).toBe('failed');
		await syncAll(b, a);

		expect(await b.db.subscriptions.get(phantom)).toBeUndefined();
		expect(await b.rejected()).toEqual([expect.objectContaining({ name: 'subscription.create', code: 'conflict' })]);
		await expectConverged(a, b);
	});

	it('(c) mark-all-read of a folder ends as the server decided: a feed moved out stays unread', async () => {
		const a = await newDevice('a');
		const b = await newDevice('b');
		const folderId = await createFolder(a.db, 'News');
		const moved = await subscribe(a.db, FEED, folderId);
		await subscribe(a.db, OTHER_FEED, folderId);
		await syncAll(a);
		const movedEntries = await addEntries(server.store, FEED, 3);
		const keptEntries = await addEntries(server.store, OTHER_FEED, 3, 'Other');
		await syncAll(a, b);

		faults.setOffline(b, true);
		await markAllRead(b.db, { kind: 'folder', folderId });
		await moveSubscription(a.db, moved, null, 0);
		await syncAll(a);
		faults.setOffline(b, false);
		await syncAll(b, a);

		const read = new Map((await b.db.entries.toArray()).map((e) => [e.id, e.read]));
		expect(movedEntries.map((id) => read.get(id))).toEqual([0, 0, 0]);
		expect(keptEntries.map((id) => read.get(id))).toEqual([1, 1, 1]);
		await expectConverged(a, b);
	});

	it('(c) mark-all-read of a folder another device deleted is refused, and every mark it made goes', async () => {
		const a = await newDevice('a');
		const b = await newDevice('b');
		const folderId = await createFolder(a.db, 'News');
		await subscribe(a.db, FEED, folderId);
		await syncAll(a);
		const entryIds = await addEntries(server.store, FEED, 3);
		await syncAll(a, b);

		faults.setOffline(b, true);
		await setRead(b.db, [entryIds[0]!], true);
		await markAllRead(b.db, { kind: 'folder', folderId });
		await deleteFolder(a.db, folderId);
		await syncAll(a);
		faults.setOffline(b, false);
		await syncAll(b, a);

		const read = new Map((await b.db.entries.toArray()).map((e) => [e.id, e.read]));
		// The first entry was marked on its own, which the server applied; the folder's mark was refused.
		expect(entryIds.map((id) => read.get(id))).toEqual([1, 0, 0]);
		expect(await b.rejected()).toEqual([expect.objectContaining({ name: 'entry.markAllRead', code: 'not_found' })]);
		await expectConverged(a, b);
	});

	it('(c) mark-all-read leaves unread a feed another device subscribed to meanwhile, older entries included', async () => {
		// Another user's subscription made the feed and its entries first: their ids are below alice's.
		const bob = new Device('bob', proxy.url);
		await bob.signIn(await signupUser(server, 'bob'));
		devices.push(bob);
		await subscribe(bob.db, OTHER_FEED, null);
		await syncAll(bob);
		const olderEntries = await addEntries(server.store, OTHER_FEED, 3, 'Older');
		const a = await newDevice('a');
		const b = await newDevice('b');
		await subscribe(a.db, FEED, null);
		await syncAll(a);
		const seen = await addEntries(server.store, FEED, 3);
		await syncAll(a, b);

		faults.setOffline(b, true);
		await markAllRead(b.db, { kind: 'all' });
		await subscribe(a.db, OTHER_FEED, null);
		await syncAll(a);
		faults.setOffline(b, false);
		await syncAll(b, a);

		const read = new Map((await b.db.entries.toArray()).map((e) => [e.id, e.read]));
		expect(seen.map((id) => read.get(id))).toEqual([1, 1, 1]);
		expect(olderEntries.map((id) => read.get(id))).toEqual([0, 0, 0]);
		await expectConverged(a, b);
	});

	it('(d) a drag between two feeds whose keys tie lands exactly where it was dropped', async () => {
		const a = await newDevice('a');
		const b = await newDevice('b');
		const folderId = await createFolder(a.db, 'Later');
		const first = await subscribe(a.db, 'http://127.0.0.1:9/first.xml', null);
		const last = await subscribe(a.db, 'http://127.0.0.1:9/last.xml', null);
		const fromA = await subscribe(a.db, 'http://127.0.0.1:9/from-a.xml', folderId);
		const fromB = await subscribe(a.db, 'http://127.0.0.1:9/from-b.xml', folderId);
		const dragged = await subscribe(a.db, 'http://127.0.0.1:9/dragged.xml', folderId);
		await syncAll(a, b);

		// Both devices move a feed into the same gap while apart: the same key, the id breaks the tie.
		faults.setOffline(b, true);
		await moveSubscription(a.db, fromA, null, 1);
		await moveSubscription(b.db, fromB, null, 1);
		await syncAll(a);
		faults.setOffline(b, false);
		await syncAll(b, a);
		const tied = (await subscriptionsIn(a.db, null)).map((s) => s.id);
		expect(tied).toHaveLength(4);
		expect(tied[0]).toBe(first);
		expect(tied[3]).toBe(last);

		await moveSubscription(a.db, dragged, null, 2);
		const expected = [first, tied[1], dragged, tied[2], last];
		expect((await subscriptionsIn(a.db, null)).map((s) => s.id)).toEqual(expected);
		await syncAll(a, b);
		expect((await subscriptionsIn(b.db, null)).map((s) => s.id)).toEqual(expected);
		await expectConverged(a, b);
	});
});
