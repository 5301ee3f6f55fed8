import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';
import { feedIdOf, insertEntries, insertFeed } from './feed-fixtures';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;

beforeEach(async () => {
	server = await startTestServer();
	device = new TestDevice(server, (await setupAdmin(server)).token);
});
afterEach(() => server.close());

const URL_A = 'https://a.example.test/feed';
const URL_B = 'https://b.example.test/feed';

/*
 * On both backends (the mutation rules of mutations.test.ts read SQLite directly): SQLite-only SQL in the marks'
 * statements once failed every entry.setRead, entry.setStarred and entry.markAllRead on PostgreSQL.
 */
describe('entry marks', () => {
	it('entry.setRead of one entry and of several, and entry.setStarred, mark only the user’s entries', async () => {
		await insertFeed(server.store, URL_A);
		await insertFeed(server.store, URL_B);
		const [a1, a2, a3] = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 3);
		const [b1] = await insertEntries(server.store, await feedIdOf(server.store, URL_B), 1);
		await device.send({
			name: 'subscription.create',
			args: { subscriptionId: newId(), url: URL_A, folderId: null, orderKey: 'a0' }
		});

		const res = await device.send(
			{ name: 'entry.setRead', args: { entryIds: [a1!], read: true } },
			{ name: 'entry.setRead', args: { entryIds: [a2!, a3!, b1!], read: true } },
			{ name: 'entry.setRead', args: { entryIds: [a3!], read: false } },
			{ name: 'entry.setStarred', args: { entryId: a2!, starred: true } },
			{ name: 'entry.setStarred', args: { entryId: b1!, starred: true } }
		);

		expect(res.results.map((r) => [r.status, r.code])).toEqual([
			['applied', undefined],
			['applied', 'some_not_found'],
			['applied', undefined],
			['applied', undefined],
			['rejected', 'not_found']
		]);
		expect(await server.store.all('SELECT entry_id, read, starred FROM entry_states ORDER BY entry_id')).toEqual([
			{ entry_id: a1, read: 1, starred: 0 },
			{ entry_id: a2, read: 1, starred: 1 },
			{ entry_id: a3, read: 0, starred: 0 }
		]);
	});

	it('entry.markAllRead marks the scope’s unread entries up to the given id, and no others', async () => {
		await insertFeed(server.store, URL_A);
		const [a1, a2, a3] = await insertEntries(server.store, await feedIdOf(server.store, URL_A), 3);
		const subscriptionId = newId();
		await device.send({
			name: 'subscription.create',
			args: { subscriptionId, url: URL_A, folderId: null, orderKey: 'a0' }
		});
		await device.send({ name: 'entry.setStarred', args: { entryId: a1!, starred: true } });

		const res = await device.send({
			name: 'entry.markAllRead',
			args: { scope: { kind: 'subscription', subscriptionId }, upTo: a2! }
		});

		expect(res.results.map((r) => r.status)).toEqual(['applied']);
		expect(await server.store.all('SELECT entry_id, read, starred FROM entry_states ORDER BY entry_id')).toEqual([
			{ entry_id: a1, read: 1, starred: 1 },
			{ entry_id: a2, read: 1, starred: 0 }
		]);
		expect(a3).toBeGreaterThan(a2!);
	});
});
