import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextVersion } from '../../../server/db/version';
import { pruneTombstones } from '../../../server/sync/tombstone-prune';
import { defaultUserSettings } from '#shared/mutations';
import { PROTOCOL_VERSION, type PullResponse } from '#shared/sync';
import { setupAdmin } from '../../support/accounts';
import { value } from '../../support/rows';
import { startTestServer, type TestServer } from '../../support/test-server';
import { pullStart } from '../../../server/sync/repos/pull-repo';
import { deleteEntry, feedIdOf, insertEntries, insertFeed, renameFeed, updateEntryTitle } from './feed-fixtures';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;
let userId: number;

beforeEach(async () => {
	server = await startTestServer();
	const admin = await setupAdmin(server);
	userId = admin.user.id;
	device = new TestDevice(server, admin.token);
});
afterEach(() => server.close());

const FEED = 'https://feeds.example.test/a.xml';

/** Pulls every page from the device's cookie and returns them merged, checking nothing repeats. */
async function pullMerged(limit?: number): Promise<PullResponse & { pages: number }> {
	const pages = await device.pullAll(limit);
	const merged = {
		...pages[pages.length - 1]!,
		reset: pages[0]!.reset,
		settings: pages[0]!.settings,
		folders: pages.flatMap((p) => p.folders),
		subscriptions: pages.flatMap((p) => p.subscriptions),
		entries: pages.flatMap((p) => p.entries),
		entryStates: pages.flatMap((p) => p.entryStates),
		deleted: {
			folders: pages.flatMap((p) => p.deleted.folders),
			subscriptions: pages.flatMap((p) => p.deleted.subscriptions),
			entries: pages.flatMap((p) => p.deleted.entries)
		},
		pages: pages.length
	};
	return merged;
}

async function subscribe(url = FEED, folderId: string | null = null): Promise<string> {
	const subscriptionId = newId();
	const res = await device.send({
		name: 'subscription.create',
		args: { subscriptionId, url, folderId, orderKey: 'a0' }
	});
	expect(res.results[0]!.status).toBe('applied');
	return subscriptionId;
}

describe('POST /api/sync/pull', () => {
	it('gives a new device everything, with default settings, then nothing until something changes', async () => {
		const first = await pullMerged();
		expect(first).toMatchObject({ reset: false, hasMore: false, lastMutationId: 0, settings: defaultUserSettings });
		expect(first.folders).toEqual([]);
		const again = await pullMerged();
		expect(again).toMatchObject({ settings: null, folders: [], subscriptions: [], entries: [], entryStates: [] });
	});

	it('returns the change after each mutation kind', async () => {
		await insertFeed(server.store, FEED);
		const [e1, e2, e3] = await insertEntries(server.store, await feedIdOf(server.store, FEED), 3);
		await pullMerged();
		const folderId = newId();

		await device.send({ name: 'folder.create', args: { folderId, name: 'Tech', orderKey: 'a0' } });
		expect((await pullMerged()).folders).toEqual([{ id: folderId, name: 'Tech', orderKey: 'a0' }]);

		await device.send({ name: 'folder.rename', args: { folderId, name: 'Tech news' } });
		expect((await pullMerged()).folders).toEqual([{ id: folderId, name: 'Tech news', orderKey: 'a0' }]);

		await device.send({ name: 'folder.reorder', args: { folderId, orderKey: 'a5' } });
		expect((await pullMerged()).folders).toEqual([{ id: folderId, name: 'Tech news', orderKey: 'a5' }]);

		const subscriptionId = await subscribe(FEED, folderId);
		const afterSubscribe = await pullMerged();
		expect(afterSubscribe.subscriptions).toEqual([
			expect.objectContaining({ id: subscriptionId, folderId, feedUrl: FEED, feedTitle: `Feed at ${FEED}` })
		]);
		expect(afterSubscribe.entries.map((e) => e.id)).toEqual([e1, e2, e3]);
		expect(afterSubscribe.entries[0]).toMatchObject({ content: expect.stringContaining('<p>'), dir: 'ltr' });

		await device.send({ name: 'subscription.update', args: { subscriptionId, title: 'Mine', orderKey: 'a1' } });
		expect((await pullMerged()).subscriptions).toEqual([expect.objectContaining({ title: 'Mine', orderKey: 'a1' })]);

		await device.send({ name: 'entry.setRead', args: { entryIds: [e1!, e2!], read: true } });
		expect((await pullMerged()).entryStates).toEqual([
			{ entryId: e1, read: true, starred: false },
			{ entryId: e2, read: true, starred: false }
		]);

		await device.send({ name: 'entry.setStarred', args: { entryId: e3!, starred: true } });
		expect((await pullMerged()).entryStates).toEqual([{ entryId: e3, read: false, starred: true }]);

		await device.send({ name: 'entry.markAllRead', args: { scope: { kind: 'folder', folderId }, upTo: e3! } });
		expect((await pullMerged()).entryStates).toEqual([{ entryId: e3, read: true, starred: true }]);

		await device.send({ name: 'settings.update', args: { settings: { theme: 'dark' } } });
		expect((await pullMerged()).settings).toEqual({ ...defaultUserSettings, theme: 'dark' });

		await device.send({ name: 'folder.delete', args: { folderId } });
		const afterFolderDelete = await pullMerged();
		expect(afterFolderDelete.deleted.folders).toEqual([folderId]);
		expect(afterFolderDelete.subscriptions).toEqual([expect.objectContaining({ id: subscriptionId, folderId: null })]);

		await device.send({ name: 'subscription.delete', args: { subscriptionId } });
		const last = await pullMerged();
		expect(last.deleted.subscriptions).toEqual([subscriptionId]);
		expect(last.lastMutationId).toBe(11);
	});

	it('delivers entries the feed engine adds, updates and removes', async () => {
		await insertFeed(server.store, FEED);
		await subscribe();
		await pullMerged();
		const feedId = await feedIdOf(server.store, FEED);
		const [added] = await insertEntries(server.store, feedId, 1);
		expect((await pullMerged()).entries.map((e) => e.id)).toEqual([added]);
		await updateEntryTitle(server.store, added!, 'Corrected');
		expect((await pullMerged()).entries).toEqual([expect.objectContaining({ id: added, title: 'Corrected' })]);
		await deleteEntry(server.store, added!);
		const pulled = await pullMerged();
		expect(pulled.entries).toEqual([]);
		expect(pulled.deleted.entries).toEqual([added]);
	});

	it("moves the feeds' side version with feeds, entries and removals, never with a user's changes", async () => {
		const latestFeedSideVersion = async () =>
			(await pullStart(server.store, userId, device.clientId)).feed_side_version;
		await insertFeed(server.store, FEED);
		await subscribe();
		const feedId = await feedIdOf(server.store, FEED);
		const seen = [await latestFeedSideVersion()];
		await device.send({ name: 'folder.create', args: { folderId: newId(), name: 'News', orderKey: 'a1' } });
		expect(await latestFeedSideVersion()).toBe(seen[0]);
		const [added] = await insertEntries(server.store, feedId, 1);
		seen.push(await latestFeedSideVersion());
		await device.send({ name: 'entry.setRead', args: { entryIds: [added!], read: true } });
		expect(await latestFeedSideVersion()).toBe(seen[1]);
		await updateEntryTitle(server.store, added!, 'Corrected');
		seen.push(await latestFeedSideVersion());
		await deleteEntry(server.store, added!);
		seen.push(await latestFeedSideVersion());
		await renameFeed(server.store, FEED, 'Renamed');
		seen.push(await latestFeedSideVersion());
		expect(seen).toEqual([...seen].sort((a, b) => a - b));
		expect(new Set(seen).size).toBe(seen.length);
	});

	it("sends a subscription again when its feed's title or error changes", async () => {
		await insertFeed(server.store, FEED);
		const subscriptionId = await subscribe();
		await pullMerged();
		await server.store.transaction(async (tx) =>
			tx.run(
				"UPDATE feeds SET title = 'Renamed', last_error = 'HTTP 500', http_status = 500, consecutive_errors = 2, version = ? WHERE url = ?",
				[await nextVersion(tx), FEED]
			)
		);
		expect((await pullMerged()).subscriptions).toEqual([
			expect.objectContaining({
				id: subscriptionId,
				feedTitle: 'Renamed',
				error: { message: 'HTTP 500', httpStatus: 500, consecutive: 2, gone: false }
			})
		]);
	});

	it('gives a user who subscribes again the entries with their old marks', async () => {
		await insertFeed(server.store, FEED);
		const [e1, e2] = await insertEntries(server.store, await feedIdOf(server.store, FEED), 2);
		const first = await subscribe();
		await device.send({ name: 'entry.setStarred', args: { entryId: e1!, starred: true } });
		await device.send({ name: 'subscription.delete', args: { subscriptionId: first } });
		await pullMerged();
		await subscribe();
		const pulled = await pullMerged();
		expect(pulled.entries.map((e) => e.id)).toEqual([e1, e2]);
		expect(pulled.entryStates).toEqual([{ entryId: e1, read: false, starred: true }]);
	});

	it('pages return every entry and state exactly once, bounded by count', async () => {
		await insertFeed(server.store, FEED);
		const older = await insertEntries(server.store, await feedIdOf(server.store, FEED), 120);
		await subscribe();
		const newer = await insertEntries(server.store, await feedIdOf(server.store, FEED), 80);
		await device.send({ name: 'entry.setRead', args: { entryIds: older.slice(0, 30), read: true } });
		const pulled = await pullMerged(25);
		expect(pulled.pages).toBe(8);
		expect(pulled.entries.map((e) => e.id).sort((a, b) => a - b)).toEqual([...older, ...newer]);
		expect(pulled.entryStates.map((s) => s.entryId).sort((a, b) => a - b)).toEqual(older.slice(0, 30));

		await device.send({ name: 'entry.setStarred', args: { entryId: older[0]!, starred: true } });
		await device.send({ name: 'entry.setRead', args: { entryIds: newer, read: true } });
		const incremental = await pullMerged(25);
		expect(incremental.entries).toEqual([]);
		const states = incremental.entryStates.map((s) => s.entryId);
		expect(states.sort((a, b) => a - b)).toEqual([older[0], ...newer]);
		expect(new Set(states).size).toBe(states.length);
	});

	it('bounds a page by the size of its entries', async () => {
		await insertFeed(server.store, FEED);
		const ids = await insertEntries(server.store, await feedIdOf(server.store, FEED), 10, 1024 * 1024);
		await subscribe();
		const pages = await device.pullAll();
		expect(pages.length).toBeGreaterThan(3);
		for (const page of pages) expect(page.entries.length).toBeLessThanOrEqual(3);
		expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(ids);
	});

	it('gzips a large page for a device that accepts gzip, and sends small answers plain', async () => {
		await insertFeed(server.store, FEED);
		await subscribe();
		await insertEntries(server.store, await feedIdOf(server.store, FEED), 4, 20_000);
		const pullOnce = () =>
			fetch(`${server.url}/api/sync/pull`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${device.token}`,
					'content-type': 'application/json',
					'accept-encoding': 'gzip'
				},
				body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId: device.clientId, cookie: device.cookie })
			});
		const large = await pullOnce();
		expect(large.headers.get('content-encoding')).toBe('gzip');
		const page = (await large.json()) as PullResponse;
		expect(page.entries).toHaveLength(4);
		device.cookie = page.cookie;
		const small = await pullOnce();
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(((await small.json()) as PullResponse).entries).toEqual([]);
	});

	it('gives an entry changed between two pages of a round in the next round, never losing it', async () => {
		await insertFeed(server.store, FEED);
		const ids = await insertEntries(server.store, await feedIdOf(server.store, FEED), 10);
		await subscribe();
		const first = await device.pullOnce(4);
		device.cookie = first.body.cookie;
		expect(first.body.hasMore).toBe(true);
		await updateEntryTitle(server.store, ids[9]!, 'changed meanwhile');
		const rest = await pullMerged(4);
		expect(rest.entries.map((e) => e.id)).not.toContain(ids[9]);
		const nextRound = await pullMerged(4);
		expect(nextRound.entries.map((e) => e.id)).toEqual([ids[9]]);
		const all = [...first.body.entries, ...rest.entries, ...nextRound.entries];
		expect(all.map((e) => e.id).sort((a, b) => a - b)).toEqual(ids);
		expect(all.find((e) => e.id === ids[9])!.title).toBe('changed meanwhile');
	});

	it('tells a device with an unreadable, future or too old cookie to reset', async () => {
		await device.send({ name: 'folder.create', args: { folderId: newId(), name: 'kept', orderKey: 'a0' } });
		for (const cookie of ['not a cookie', Buffer.from(JSON.stringify({ v: 10_000 })).toString('base64url')]) {
			device.cookie = cookie;
			const pulled = await pullMerged();
			expect(pulled.reset).toBe(true);
			expect(pulled.folders.map((f) => f.name)).toEqual(['kept']);
		}
		const doomed = newId();
		await device.send({ name: 'folder.create', args: { folderId: doomed, name: 'doomed', orderKey: 'a1' } });
		const stale = (await device.pullOnce()).body.cookie;
		await device.send({ name: 'folder.delete', args: { folderId: doomed } });
		expect(await pruneTombstones(server.store, Date.now() + 1000, 0)).toBeGreaterThan(0);
		device.cookie = stale;
		const pulled = await pullMerged();
		expect(pulled.reset).toBe(true);
		expect(pulled.folders.map((f) => f.name)).toEqual(['kept']);
		expect(pulled.deleted.folders).toEqual([]);
		expect((await pullMerged()).reset).toBe(false);
	});

	it('pages a full pull after a reset to the end, resetting only once', async () => {
		await insertFeed(server.store, FEED);
		const ids = await insertEntries(server.store, await feedIdOf(server.store, FEED), 5);
		const doomed = newId();
		await device.send({ name: 'folder.create', args: { folderId: doomed, name: 'doomed', orderKey: 'a1' } });
		await subscribe();
		device.cookie = (await device.pullOnce()).body.cookie;
		await device.send({ name: 'folder.delete', args: { folderId: doomed } });
		await pruneTombstones(server.store, Date.now() + 1000, 0);
		const pages = await device.pullAll(2);
		expect(pages.map((p) => p.reset)).toEqual([true, false, false]);
		expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(ids);
	});

	it('prunes only tombstones older than the age limit', async () => {
		const folderId = newId();
		await device.send({ name: 'folder.create', args: { folderId, name: 'x', orderKey: 'a0' } });
		await device.send({ name: 'folder.delete', args: { folderId } });
		expect(await pruneTombstones(server.store, Date.now(), 60_000)).toBe(0);
		expect(await value(server.store, 'SELECT count(*) FROM tombstones')).toBe(1);
		expect(await pruneTombstones(server.store, Date.now() + 120_000, 60_000)).toBeGreaterThan(0);
		expect(await value(server.store, 'SELECT count(*) FROM tombstones')).toBe(0);
	});

	it('answers a malformed pull with 400', async () => {
		const res = await device.pullOnce(0);
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
	});
});
