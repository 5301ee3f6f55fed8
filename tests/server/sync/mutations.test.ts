import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultUserSettings } from '#shared/mutations';
import { setupAdmin } from '../../support/accounts';
import { column, value } from '../../support/rows';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';
import { feedIdOf, insertEntries, insertFeed } from './feed-fixtures';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;
let refreshed: { feedId: number; inTransaction: boolean; subscribed: Promise<number | undefined> }[];

beforeEach(async () => {
	refreshed = [];
	server = await startTestServer({
		refresher: {
			/*
			 * Asked inside the transaction, SQLite's one connection would say so; PostgreSQL's read on another pooled
			 * connection would not see the uncommitted subscription.
			 */
			requestRefresh: (feedId) =>
				refreshed.push({
					feedId,
					inTransaction: testBackend === 'sqlite' && server.db.inTransaction,
					subscribed: value(server.store, 'SELECT count(*) FROM subscriptions WHERE feed_id = ?', [feedId])
				})
		}
	});
	device = new TestDevice(server, (await setupAdmin(server)).token);
});
afterEach(() => server.close());

const URL_A = 'https://a.example.test/feed';
const URL_B = 'https://b.example.test/feed';

const subscriptionRow = (id: string) =>
	server.store.get<{ folder_id: string | null; order_key: string; title: string | null }>(
		'SELECT folder_id, order_key, title FROM subscriptions WHERE id = ?',
		[id]
	);
const readEntries = () =>
	column<number>(server.store, 'SELECT entry_id FROM entry_states WHERE read = 1 ORDER BY entry_id');

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
		expect(refreshed).toEqual([
			{ feedId: await feedIdOf(server.store, URL_A), inTransaction: false, subscribed: expect.any(Promise) }
		]);
		expect(await refreshed[0]!.subscribed).toBe(1);
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
		expect(await subscriptionRow(s1)).toMatchObject({ folder_id: null, order_key: 'a0' });
		expect(await subscriptionRow(s2)).toMatchObject({ folder_id: null });
		expect(await value(server.store, 'SELECT count(*) FROM folders')).toBe(0);
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
		expect(await subscriptionRow(s1)).toMatchObject({ folder_id: null, order_key: 'a3' });
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
		expect(await value(server.store, 'SELECT count(*) FROM subscriptions')).toBe(0);
	});

	it('the last mutation to arrive wins, whichever device made it first', async () => {
		const s1 = newId();
		await device.send(createSubscription(s1, URL_A));
		const laptop = new TestDevice(server, device.token);
		await laptop.send({ name: 'subscription.update', args: { subscriptionId: s1, title: 'From the laptop' } });
		await device.send({ name: 'subscription.update', args: { subscriptionId: s1, title: 'From the phone' } });
		expect((await subscriptionRow(s1))!.title).toBe('From the phone');
	});

	it('entry.markAllRead marks only entries in its scope up to its bound', async () => {
		await insertFeed(server.store, URL_A);
		await insertFeed(server.store, URL_B);
		const inA = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 3);
		const inB = await insertEntries(server.store, await feedIdOf(server.store, URL_B), 2);
		const [folderId, sA, sB] = [newId(), newId(), newId()];
		await device.send(createFolder(folderId), createSubscription(sA, URL_A, folderId), createSubscription(sB, URL_B));
		const later = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 1);
		const res = await device.send({
			name: 'entry.markAllRead',
			args: { scope: { kind: 'folder', folderId }, upTo: Math.max(...inA, ...inB) }
		});
		expect(res.results[0]!.status).toBe('applied');
		const read = await readEntries();
		expect(read).toEqual(inA);
		await device.send({ name: 'entry.markAllRead', args: { scope: { kind: 'all' }, upTo: later[0]! } });
		const allRead = await readEntries();
		expect(allRead).toEqual([...inA, ...inB, ...later].sort((a, b) => a - b));
	});

	it('entry.markAllRead with feedIds marks only the feeds the device had in its scope', async () => {
		await insertFeed(server.store, URL_A);
		await insertFeed(server.store, URL_B);
		const inA = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 2);
		const inB = await insertEntries(server.store, await feedIdOf(server.store, URL_B), 2);
		await device.send(createSubscription(newId(), URL_A), createSubscription(newId(), URL_B));
		const res = await device.send({
			name: 'entry.markAllRead',
			args: { scope: { kind: 'all' }, upTo: Math.max(...inA, ...inB), feedIds: [await feedIdOf(server.store, URL_A)] }
		});
		expect(res.results[0]!.status).toBe('applied');
		const read = await readEntries();
		expect(read).toEqual(inA);
	});

	it('entry.setRead skips entries the user does not subscribe to and rejects a list of none', async () => {
		await insertFeed(server.store, URL_A);
		await insertFeed(server.store, URL_B);
		const [a1] = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 1);
		const [b1] = await insertEntries(server.store, await feedIdOf(server.store, URL_B), 1);
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
		expect(await server.store.all('SELECT entry_id, read, starred FROM entry_states')).toEqual([
			{ entry_id: a1, read: 1, starred: 1 }
		]);
	});

	it('a push stamps what it writes with one version; its rejected mutations write nothing', async () => {
		await insertFeed(server.store, URL_A);
		await insertFeed(server.store, URL_B);
		const [a1, a2] = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 2);
		const [b1] = await insertEntries(server.store, await feedIdOf(server.store, URL_B), 1);
		const [s1, s2] = [newId(), newId()];
		await device.send(createSubscription(s1!, URL_A), createFolder());
		await device.send({
			name: 'subscription.create',
			args: { subscriptionId: s2!, url: URL_B, folderId: null, orderKey: 'a1' }
		});
		await server.store.run('UPDATE feeds SET title = ?', ['unchanged']);
		const before = (await value(server.store, 'SELECT value FROM sync_seq'))!;
		const subscriptionRows = () =>
			server.store.all('SELECT id, folder_id, order_key, title, version FROM subscriptions ORDER BY id');
		const rowsBefore = await subscriptionRows();

		const res = await device.send(
			{ name: 'subscription.update', args: { subscriptionId: newId(), orderKey: 'a5' } },
			{ name: 'entry.setRead', args: { entryIds: [b1! + 1000], read: true } },
			{ name: 'entry.setRead', args: { entryIds: [a1!], read: true } },
			{ name: 'entry.setStarred', args: { entryId: b1! + 1000, starred: true } },
			{ name: 'subscription.update', args: { subscriptionId: s1!, orderKey: 'a2', title: 'Mine' } },
			{ name: 'entry.setStarred', args: { entryId: a2!, starred: true } },
			{ name: 'entry.markAllRead', args: { scope: { kind: 'folder', folderId: newId() }, upTo: a2! } }
		);

		expect(res.results.map((r) => [r.status, r.code])).toEqual([
			['rejected', 'not_found'],
			['rejected', 'not_found'],
			['applied', undefined],
			['rejected', 'not_found'],
			['applied', undefined],
			['applied', undefined],
			['rejected', 'not_found']
		]);
		const version = before + 1;
		expect(await value(server.store, 'SELECT value FROM sync_seq')).toBe(version);
		expect(
			await server.store.all('SELECT entry_id, read, starred, version FROM entry_states ORDER BY entry_id')
		).toEqual([
			{ entry_id: a1, read: 1, starred: 0, version },
			{ entry_id: a2, read: 0, starred: 1, version }
		]);
		const rowsAfter = await subscriptionRows();
		const expected = rowsBefore.map((row) =>
			(row as { id: string }).id === s1 ? { ...(row as object), order_key: 'a2', title: 'Mine', version } : row
		);
		expect(rowsAfter).toEqual(expected);
	});

	it('marking an entry with the mark it has keeps its version and time: nothing to pull', async () => {
		await insertFeed(server.store, URL_A);
		const [a1] = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 1);
		await device.send(createSubscription(newId(), URL_A));
		const state = (id: number) =>
			server.store.get('SELECT read, starred, updated_at, version FROM entry_states WHERE entry_id = ?', [id]);
		await device.send({ name: 'entry.setRead', args: { entryIds: [a1!], read: true } });
		const marked = await state(a1!);
		await device.pullAll();

		const again = await device.send(
			{ name: 'entry.setRead', args: { entryIds: [a1!], read: true } },
			{ name: 'entry.setStarred', args: { entryId: a1!, starred: false } }
		);

		expect(again.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		expect(await state(a1!)).toEqual(marked);
		const [page] = await device.pullAll();
		expect(page!.entryStates).toEqual([]);
	});

	/*
	 * The failure: SQLite's file may not grow (the rename rewrites a page it has, the marks need new pages and fail);
	 * on PostgreSQL the marks meet SQLSTATE 53100, disk_full, from a trigger.
	 */
	async function failWritesOfMarks(): Promise<() => Promise<void>> {
		if (testBackend === 'sqlite') {
			server.db.pragma('wal_checkpoint(TRUNCATE)');
			server.db.pragma(`max_page_count = ${server.db.pragma('page_count', { simple: true }) as number}`);
			return async () => void server.db.pragma('max_page_count = 1073741823');
		}
		await server.store.run(
			"CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''could not extend file'' USING ERRCODE = ''disk_full''; END'"
		);
		await server.store.run(
			'CREATE TRIGGER disk_full BEFORE INSERT ON entry_states FOR EACH ROW EXECUTE FUNCTION disk_full()'
		);
		return async () => void (await server.store.run('DROP TRIGGER disk_full ON entry_states'));
	}

	it('a database failure in the middle of a push fails all of it (503) and changes nothing', async () => {
		await insertFeed(server.store, URL_A);
		const ids = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 2000, 10);
		const subscriptionId = newId();
		await device.send(createSubscription(subscriptionId, URL_A));
		const clients = () => server.store.all('SELECT * FROM sync_clients ORDER BY client_id');
		const before = {
			seq: await value(server.store, 'SELECT value FROM sync_seq'),
			subscription: await subscriptionRow(subscriptionId),
			clients: await clients()
		};
		const recover = await failWritesOfMarks();
		const chunks = Array.from({ length: 10 }, (_, i) => ids.slice(i * 200, (i + 1) * 200));
		const mutations = device.number([
			{ name: 'subscription.update', args: { subscriptionId, title: 'Renamed' } },
			...chunks.map((entryIds) => ({ name: 'entry.setRead' as const, args: { entryIds, read: true } }))
		]);

		const failed = await device.push(mutations);
		await recover();

		expect(failed.status).toBe(503);
		expect(await value(server.store, 'SELECT value FROM sync_seq')).toBe(before.seq);
		expect(await subscriptionRow(subscriptionId)).toEqual(before.subscription);
		expect(await value(server.store, 'SELECT count(*) FROM entry_states')).toBe(0);
		expect(await clients()).toEqual(before.clients);
		const retried = await device.push(mutations);
		expect(retried.body.results.every((r) => r.status === 'applied')).toBe(true);
		expect(await value(server.store, 'SELECT count(*) FROM entry_states')).toBe(2000);
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
