import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PullResponse } from '#shared/sync';
import { setupAdmin } from '../../support/accounts';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { serverCluster, type ServerCluster } from '../../support/server-cluster';
import type { ServerProcess } from '../../support/server-process';
import { rss } from '../feed-engine/engine-support';
import { newId, TestDevice } from '../sync/sync-client';

/** What a device holds after applying pulled pages in order (no deletions happen here). */
function merged(pages: PullResponse[]) {
	const folders = new Map(pages.flatMap((p) => p.folders).map((f) => [f.id, f]));
	const subscriptions = new Map(pages.flatMap((p) => p.subscriptions).map((s) => [s.id, s]));
	const entries = new Map(pages.flatMap((p) => p.entries).map((e) => [e.id, e]));
	const states = new Map(pages.flatMap((p) => p.entryStates).map((s) => [s.entryId, s]));
	const settings = pages.findLast((p) => p.settings)?.settings ?? null;
	return { folders, subscriptions, entries, states, settings };
}

/** Two server processes on one PostgreSQL database, one device on each, syncing through the real protocol. */
describe('sync across server processes (PostgreSQL)', () => {
	let cluster: ServerCluster;
	let feeds: FeedServer;
	let a: ServerProcess;
	let b: ServerProcess;
	let token: string;

	beforeAll(async () => {
		feeds = await startFeedServer();
		cluster = await serverCluster('sync');
		const env = { ALLOW_PRIVATE_FEEDS: 'true' };
		[a, b] = await Promise.all([cluster.start(env), cluster.start(env)]);
		token = (await setupAdmin(a)).token;
	});

	afterAll(async () => {
		await cluster?.stop();
		await feeds?.close();
	});

	it("a push on one process appears in the other's pull, both ways", async () => {
		const onA = new TestDevice(a, token);
		const onB = new TestDevice(b, token);
		expect(merged(await onB.pullAll()).folders.size).toBe(0);

		feeds.setFeed(
			'/news.xml',
			rss(feeds.url, 'News', [
				{ guid: 'n1', title: 'First' },
				{ guid: 'n2', title: 'Second' }
			])
		);
		const folderId = newId();
		const subscriptionId = newId();
		const pushed = await onA.send(
			{ name: 'folder.create', args: { folderId, name: 'Reading', orderKey: 'a0' } },
			{
				name: 'subscription.create',
				args: { subscriptionId, url: `${feeds.url}/news.xml`, folderId, orderKey: 'a0' }
			},
			{ name: 'settings.update', args: { settings: { theme: 'dark' } } }
		);
		expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

		// The push's rows at once; the entries once process A has fetched the feed it subscribed to.
		const seenOnB = await onB.pullAll();
		expect(merged(seenOnB).folders.get(folderId)).toMatchObject({ name: 'Reading' });
		expect(merged(seenOnB).subscriptions.get(subscriptionId)).toMatchObject({
			folderId,
			feedUrl: `${feeds.url}/news.xml`
		});
		expect(merged(seenOnB).settings).toMatchObject({ theme: 'dark' });
		await vi.waitFor(
			async () => {
				seenOnB.push(...(await onB.pullAll()));
				expect([...merged(seenOnB).entries.values()].map((e) => e.title).sort()).toEqual(['First', 'Second']);
			},
			{ timeout: 20_000, interval: 100 }
		);
		expect(feeds.hits('/news.xml')).toBe(1);

		// Back the other way: the device on B marks entries and renames the folder; A's device pulls all of it.
		const byTitle = new Map([...merged(seenOnB).entries.values()].map((e) => [e.title, e.id]));
		const [first, second] = [byTitle.get('First')!, byTitle.get('Second')!];
		await onA.pullAll();
		const marked = await onB.send(
			{ name: 'entry.setRead', args: { entryIds: [first, second], read: true } },
			{ name: 'entry.setRead', args: { entryIds: [second], read: false } },
			{ name: 'entry.setStarred', args: { entryId: first, starred: true } },
			{ name: 'folder.rename', args: { folderId, name: 'Later' } }
		);
		expect(marked.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
		const seenOnA = merged(await onA.pullAll());
		expect(seenOnA.states.get(first)).toMatchObject({ read: true, starred: true });
		expect(seenOnA.states.get(second)).toMatchObject({ read: false, starred: false });
		expect(seenOnA.folders.get(folderId)).toMatchObject({ name: 'Later' });
		await onA.send({ name: 'entry.markAllRead', args: { scope: { kind: 'all' }, upTo: Math.max(first, second) } });
		expect(merged(await onB.pullAll()).states.get(second)).toMatchObject({ read: true, starred: false });
		// Each process answers each device's last mutation id, whoever applied it.
		expect((await new TestDevice(b, token, onA.clientId).pullOnce()).body.lastMutationId).toBe(4);
		expect((await new TestDevice(a, token, onB.clientId).pullOnce()).body.lastMutationId).toBe(4);
	});
});
