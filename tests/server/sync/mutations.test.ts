import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultUserSettings } from '../../../src/lib/shared/mutations';
import { setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';
import { feedIdOf, insertEntries, insertFeed } from './feed-fixtures';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;
let refreshed: { feedId: number; inTransaction: boolean; subscribed: number }[];

beforeEach(async () => {
	refreshed = [];
	server = await startTestServer({
		refresher: {
			requestRefresh: (feedId) =>
				refreshed.push({
					feedId,
					inTransaction: server.db.inTransaction,
					subscribed: server.db
						.prepare('SELECT count(*) FROM subscriptions WHERE feed_id = ?')
						.pluck()
						.get(feedId) as number
				})
		}
	});
	device = new TestDevice(server, (await setupAdmin(server)).token);
});
afterEach(() => server.close());

const URL_A = 'https://a.example.test/feed';
const URL_B = 'https://b.example.test/feed';

const subscriptionRow = (id: string) =>
	server.db.prepare('SELECT folder_id, order_key, title FROM subscriptions WHERE id = ?').get(id) as
		{ folder_id: string | null; order_key: string; title: string | null } | undefined;

function createFolder(folderId = newId(), orderKey = 'a0') {
	return { name: 'folder.create' as const, args: { folderId, name: `Folder ${folderId.slice(0, 4)}`, orderKey } };
}
function createSubscription(subscriptionId: string, url: string, folderId: string | null = null) {
	return { name: 'subscription.create' as const, args: { subscriptionId, url, folderId, orderKey: 'a0' } };
}

describe('mutation rules', () => {
	it('subscribing asks the feed engine to fetch, after the transaction committed', async () => {
		const res = await device.send(createSubscription(newId(), URL_A));
		expect(res.results).toEqual([{ id: 1, status: 'applied' }]);
		expect(refreshed).toEqual([{ feedId: feedIdOf(server.db, URL_A), inTransaction: false, subscribed: 1 }]);
	});

	it('folder.delete moves its subscriptions to the top level, keeping their keys', async () => {
		const folderId = newId();
		const [s1, s2] = [newId(), newId()];
		await device.send(
			createFolder(folderId),
			createSubscription(s1, URL_A, folderId),
			createSubscription(s2, URL_B, folderId)
		);
		const res = await device.send({ name: 'folder.delete', args: { folderId } });
		expect(res.results[0]!.status).toBe('applied');
		expect(subscriptionRow(s1)).toMatchObject({ folder_id: null, order_key: 'a0' });
		expect(subscriptionRow(s2)).toMatchObject({ folder_id: null });
		expect(server.db.prepare('SELECT count(*) FROM folders').pluck().get()).toBe(0);
	});

	it('a subscription moved into a folder deleted meanwhile lands at the top level and says so', async () => {
		const [folderId, s1] = [newId(), newId()];
		await device.send(createFolder(folderId), createSubscription(s1, URL_A));
		const other = new TestDevice(server, device.token);
		await other.send({ name: 'folder.delete', args: { folderId } });
		const res = await device.send({
			name: 'subscription.update',
			args: { subscriptionId: s1, folderId, orderKey: 'a3' }
		});
		expect(res.results).toEqual([expect.objectContaining({ status: 'applied', code: 'moved_to_top_level' })]);
		expect(subscriptionRow(s1)).toMatchObject({ folder_id: null, order_key: 'a3' });
	});

	it('a second subscription to the same feed and a re-used id are conflicts', async () => {
		const [s1, s2] = [newId(), newId()];
		await device.send(createSubscription(s1, URL_A));
		const twice = await device.send(createSubscription(s2, URL_A));
		expect(twice.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
		await device.send({ name: 'subscription.delete', args: { subscriptionId: s1 } });
		const again = await device.send(createSubscription(s1, URL_B));
		expect(again.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
		const folderId = newId();
		await device.send(createFolder(folderId), { name: 'folder.delete', args: { folderId } });
		expect((await device.send(createFolder(folderId))).results[0]).toMatchObject({
			status: 'rejected',
			code: 'conflict'
		});
		expect(server.db.prepare('SELECT count(*) FROM subscriptions').pluck().get()).toBe(0);
	});

	it('the last mutation to arrive wins, whichever device made it first', async () => {
		const s1 = newId();
		await device.send(createSubscription(s1, URL_A));
		const laptop = new TestDevice(server, device.token);
		await laptop.send({ name: 'subscription.update', args: { subscriptionId: s1, title: 'From the laptop' } });
		await device.send({ name: 'subscription.update', args: { subscriptionId: s1, title: 'From the phone' } });
		expect(subscriptionRow(s1)!.title).toBe('From the phone');
	});

	it('entry.markAllRead marks only entries in its scope up to its bound', async () => {
		insertFeed(server.db, URL_A);
		insertFeed(server.db, URL_B);
		const inA = insertEntries(server.db, feedIdOf(server.db, URL_A), 3);
		const inB = insertEntries(server.db, feedIdOf(server.db, URL_B), 2);
		const [folderId, sA, sB] = [newId(), newId(), newId()];
		await device.send(createFolder(folderId), createSubscription(sA, URL_A, folderId), createSubscription(sB, URL_B));
		const later = insertEntries(server.db, feedIdOf(server.db, URL_A), 1);
		const res = await device.send({
			name: 'entry.markAllRead',
			args: { scope: { kind: 'folder', folderId }, upTo: Math.max(...inA, ...inB) }
		});
		expect(res.results[0]!.status).toBe('applied');
		const read = server.db.prepare('SELECT entry_id FROM entry_states WHERE read = 1 ORDER BY entry_id').pluck().all();
		expect(read).toEqual(inA);
		await device.send({ name: 'entry.markAllRead', args: { scope: { kind: 'all' }, upTo: later[0]! } });
		const allRead = server.db
			.prepare('SELECT entry_id FROM entry_states WHERE read = 1 ORDER BY entry_id')
			.pluck()
			.all();
		expect(allRead).toEqual([...inA, ...inB, ...later].sort((a, b) => a - b));
	});

	it('entry.setRead skips entries the user does not subscribe to and rejects a list of none', async () => {
		insertFeed(server.db, URL_A);
		insertFeed(server.db, URL_B);
		const [a1] = insertEntries(server.db, feedIdOf(server.db, URL_A), 1);
		const [b1] = insertEntries(server.db, feedIdOf(server.db, URL_B), 1);
		await device.send(createSubscription(newId(), URL_A));
		const res = await device.send(
			{ name: 'entry.setRead', args: { entryIds: [a1!, b1!], read: true } },
			{ name: 'entry.setRead', args: { entryIds: [b1!], read: true } },
			{ name: 'entry.setStarred', args: { entryId: b1!, starred: true } },
			{ name: 'entry.setStarred', args: { entryId: a1!, starred: true } }
		);
		expect(res.results.map((r) => [r.status, r.code])).toEqual([
			['applied', 'some_not_found'],
			['rejected', 'not_found'],
			['rejected', 'not_found'],
			['applied', undefined]
		]);
		expect(server.db.prepare('SELECT entry_id, read, starred FROM entry_states').all()).toEqual([
			{ entry_id: a1, read: 1, starred: 1 }
		]);
	});

	it('settings.update merges keys', async () => {
		await device.send({ name: 'settings.update', args: { settings: { theme: 'dark' } } });
		await new TestDevice(server, device.token).send({
			name: 'settings.update',
			args: { settings: { hideRead: true } }
		});
		const pulled = await device.pullAll();
		expect(pulled[0]!.settings).toEqual({ ...defaultUserSettings, theme: 'dark', hideRead: true });
	});
});
