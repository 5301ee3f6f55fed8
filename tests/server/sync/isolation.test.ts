import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '#shared/mutations';
import { setupAdmin, signupUser } from '../../support/accounts';
import { call } from '../../support/http';
import { value } from '../../support/rows';
import { startTestServer, type TestServer } from '../../support/test-server';
import { feedIdOf, insertEntries, insertFeed } from './feed-fixtures';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let alice: TestDevice;
let bob: TestDevice;
const A = { folderId: newId(), subscriptionId: newId(), entryIds: [] as number[] };
const ALICE_ONLY_FEED = 'https://alice.example.test/feed';
const SHARED_FEED = 'https://shared.example.test/feed';

/** Everything of Alice's the server stores, to compare before and after Bob tries his luck. */
async function aliceState(): Promise<unknown> {
	const userId = await value(server.store, "SELECT id FROM users WHERE username = 'admin'");
	return Promise.all(
		['folders', 'subscriptions', 'entry_states', 'tombstones'].map((table) =>
			server.store.all(`SELECT * FROM ${table} WHERE user_id = ? ORDER BY 1, 2`, [userId])
		)
	);
}

beforeEach(async () => {
	server = await startTestServer();
	alice = new TestDevice(server, (await setupAdmin(server)).token);
	bob = new TestDevice(server, (await signupUser(server, 'bob')).token);
	await insertFeed(server.store, ALICE_ONLY_FEED);
	A.entryIds = await insertEntries(server.store, await feedIdOf(server.store, ALICE_ONLY_FEED), 3);
	await alice.send(
		{ name: 'folder.create', args: { folderId: A.folderId, name: 'Secret', orderKey: 'a0' } },
		{
			name: 'subscription.create',
			args: { subscriptionId: A.subscriptionId, url: ALICE_ONLY_FEED, folderId: A.folderId, orderKey: 'a0' }
		},
		{
			name: 'subscription.create',
			args: { subscriptionId: newId(), url: SHARED_FEED, folderId: null, orderKey: 'a1' }
		},
		{ name: 'entry.setStarred', args: { entryId: A.entryIds[0]!, starred: true } },
		{ name: 'settings.update', args: { settings: { theme: 'dark' } } }
	);
});
afterEach(() => server.close());

describe('two users', () => {
	it("rejects every mutation kind from Bob that names Alice's things, and changes nothing of hers", async () => {
		const before = await aliceState();
		const attempts: Omit<Mutation, 'id'>[] = [
			{ name: 'folder.create', args: { folderId: A.folderId, name: 'Mine now', orderKey: 'a0' } },
			{ name: 'folder.rename', args: { folderId: A.folderId, name: 'Mine now' } },
			{ name: 'folder.reorder', args: { folderId: A.folderId, orderKey: 'a5' } },
			{ name: 'folder.delete', args: { folderId: A.folderId } },
			{
				name: 'subscription.create',
				args: { subscriptionId: A.subscriptionId, url: SHARED_FEED, folderId: null, orderKey: 'a0' }
			},
			{ name: 'subscription.update', args: { subscriptionId: A.subscriptionId, title: 'mine' } },
			{ name: 'subscription.delete', args: { subscriptionId: A.subscriptionId } },
			{ name: 'entry.setRead', args: { entryIds: A.entryIds, read: true } },
			{ name: 'entry.setStarred', args: { entryId: A.entryIds[1]!, starred: true } },
			{ name: 'entry.markAllRead', args: { scope: { kind: 'folder', folderId: A.folderId }, upTo: 1_000_000 } },
			{
				name: 'entry.markAllRead',
				args: { scope: { kind: 'subscription', subscriptionId: A.subscriptionId }, upTo: 1_000_000 }
			}
		];
		const res = await bob.send(...attempts);
		expect(res.results.map((r) => r.status)).toEqual(attempts.map(() => 'rejected'));
		expect(res.lastMutationId).toBe(attempts.length);
		// A folder or subscription created into Alice's folder lands at Bob's top level, never in her folder.
		const into = await bob.send({
			name: 'subscription.create',
			args: { subscriptionId: newId(), url: SHARED_FEED, folderId: A.folderId, orderKey: 'a0' }
		});
		expect(into.results[0]).toMatchObject({ status: 'applied', code: 'moved_to_top_level' });
		// Marking all read affects only Bob's own subscriptions, so Alice's entries stay as they were.
		await bob.send({ name: 'entry.markAllRead', args: { scope: { kind: 'all' }, upTo: 1_000_000 } });
		expect(await aliceState()).toEqual(before);
	});

	it("never gives Bob Alice's data in a pull, even for a feed they share", async () => {
		const sharedEntries = await insertEntries(server.store, await feedIdOf(server.store, SHARED_FEED), 2);
		await alice.send({ name: 'entry.setRead', args: { entryIds: sharedEntries, read: true } });
		await bob.send({
			name: 'subscription.create',
			args: { subscriptionId: newId(), url: SHARED_FEED, folderId: null, orderKey: 'a0' }
		});
		const pages = await bob.pullAll();
		const text = JSON.stringify(pages);
		expect(text).not.toContain(A.folderId);
		expect(text).not.toContain(A.subscriptionId);
		expect(text).not.toContain('Secret');
		expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(sharedEntries);
		expect(pages.flatMap((p) => p.entryStates)).toEqual([]);
		expect(pages[0]!.settings!.theme).toBe('system');
	});

	it("never finds Alice's entries in Bob's searches", async () => {
		for (const id of A.entryIds) {
			await server.store.run(
				"INSERT INTO entries_fts (rowid, title, author, body) VALUES (?, 'Secret plans', '', 'zanzibarquux')",
				[id]
			);
		}
		const search = (device: TestDevice) =>
			call(server.url, 'GET', '/api/search?q=zanzibarquux', { token: device.token });
		expect((await search(alice)).body.results).toHaveLength(A.entryIds.length);
		const bobs = await search(bob);
		expect(bobs.status).toBe(200);
		expect(bobs.body.results).toEqual([]);
	});

	it("refuses Bob's pushes and pulls with Alice's client id (403)", async () => {
		const res = await call(server.url, 'POST', '/api/sync/push', {
			token: bob.token,
			body: { protocolVersion: 1, clientId: alice.clientId, mutations: [] }
		});
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('client_not_owned');
		const pulled = await call(server.url, 'POST', '/api/sync/pull', {
			token: bob.token,
			body: { protocolVersion: 1, clientId: alice.clientId, cookie: null }
		});
		expect(pulled.status).toBe(403);
		expect(pulled.body.error.code).toBe('client_not_owned');
	});

	it("answers 404 to Bob's REST changes of Alice's folder and subscription", async () => {
		const sub = await call(server.url, 'PATCH', `/api/subscriptions/${A.subscriptionId}`, {
			token: bob.token,
			body: { title: 'mine' }
		});
		const folder = await call(server.url, 'PATCH', `/api/folders/${A.folderId}`, {
			token: bob.token,
			body: { name: 'x' }
		});
		expect([sub.status, folder.status]).toEqual([404, 404]);
		expect(sub.body.error.code).toBe('not_found');
	});
});
