import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, type PullResponse } from '#shared/sync';
import { setupAdmin, signupUser } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { snapshotDatabase } from './support/db-snapshot';
import { expectHandled } from './support/responses';
import { BACKENDS } from './support/server-database';
import { addEntries } from './support/server-state';
import { openEventStream } from './support/sse';

/**
 * Issue 8, item 7: Bob tries every endpoint and every mutation kind with Alice's ids. Nothing of Alice's is read
 * or changed, and his pulls, searches, OPML export and event stream show nothing of hers. On SQLite and on
 * PostgreSQL (issue 19).
 */
const SECRET_WORD = 'quokkasecret';

interface User {
	token: string;
	clientId: string;
	nextId: number;
}

describe.each(BACKENDS)('isolation between two users on %s', (backend) => {
	let server: TestServer;
	let alice: User;
	let bob: User;
	const ids = {
		folder: randomUUID(),
		subscription: randomUUID(),
		sharedSubscription: randomUUID(),
		bobSubscription: randomUUID(),
		privateEntries: [] as number[],
		sharedEntries: [] as number[]
	};
	const privateFeed = 'http://127.0.0.1:9/alice-private.xml';
	const sharedFeed = 'http://127.0.0.1:9/shared.xml';

	async function push(user: User, mutations: { name: string; args: unknown }[], clientId = user.clientId) {
		const body = {
			protocolVersion: 1,
			clientId,
			mutations: mutations.map((m) => ({ id: user.nextId++, ...m }))
		};
		return call(server.url, 'POST', '/api/sync/push', { token: user.token, body });
	}

	async function pullAll(user: User): Promise<PullResponse[]> {
		const pages: PullResponse[] = [];
		let cookie: string | null = null;
		for (let i = 0; i < 50; i++) {
			const res = await call(server.url, 'POST', '/api/sync/pull', {
				token: user.token,
				body: { protocolVersion: 1, clientId: user.clientId, cookie }
			});
			expect(res.status).toBe(200);
			const page = pullResponseSchema.parse(res.body);
			pages.push(page);
			cookie = page.cookie;
			if (!page.hasMore) break;
		}
		return pages;
	}

	beforeAll(async () => {
		server = await startTestServer({ backend });
		await setupAdmin(server);
		alice = { token: (await signupUser(server, 'alice')).token, clientId: 'alice-device-1', nextId: 1 };
		bob = { token: (await signupUser(server, 'bob')).token, clientId: 'bob-device-1', nextId: 1 };
		const made = await push(alice, [
			{ name: 'folder.create', args: { folderId: ids.folder, name: 'Alice private folder', orderKey: 'a0' } },
			{
				name: 'subscription.create',
				args: { subscriptionId: ids.subscription, url: privateFeed, folderId: ids.folder, orderKey: 'a0' }
			},
			{
				name: 'subscription.create',
				args: { subscriptionId: ids.sharedSubscription, url: sharedFeed, folderId: null, orderKey: 'a1' }
			}
		]);
		expect(pushResponseSchema.parse(made.body).results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
		const bobs = await push(bob, [
			{
				name: 'subscription.create',
				args: { subscriptionId: ids.bobSubscription, url: sharedFeed, folderId: null, orderKey: 'a0' }
			}
		]);
		expect(pushResponseSchema.parse(bobs.body).results[0]!.status).toBe('applied');
		ids.privateEntries = await addEntries(server.store, privateFeed, 3, SECRET_WORD);
		ids.sharedEntries = await addEntries(server.store, sharedFeed, 3, 'sharednews');
		const states = await push(alice, [
			{ name: 'entry.setRead', args: { entryIds: [...ids.privateEntries, ...ids.sharedEntries], read: true } },
			{ name: 'entry.setStarred', args: { entryId: ids.sharedEntries[0], starred: true } },
			{ name: 'settings.update', args: { settings: { theme: 'dark' } } }
		]);
		expect(pushResponseSchema.parse(states.body).results.every((r) => r.status === 'applied')).toBe(true);
	});
	afterAll(() => server.close());

	/** A user's rows of `table`. */
	const rowsOf = (username: string, table: string) =>
		server.store.all(`SELECT * FROM ${table} WHERE user_id = (SELECT id FROM users WHERE username = ?)`, [username]);

	/** Alice's rows, everywhere they live. */
	async function aliceRows(): Promise<unknown> {
		return {
			folders: await rowsOf('alice', 'folders'),
			subscriptions: await rowsOf('alice', 'subscriptions'),
			states: await rowsOf('alice', 'entry_states'),
			clients: await rowsOf('alice', 'sync_clients')
		};
	}

	it('rejects every mutation kind aimed at Alice’s ids, and changes nothing of hers', async () => {
		const before = await aliceRows();
		const attacks = [
			{ name: 'folder.create', args: { folderId: ids.folder, name: 'hijacked', orderKey: 'a0' } },
			{ name: 'folder.rename', args: { folderId: ids.folder, name: 'hijacked' } },
			{ name: 'folder.reorder', args: { folderId: ids.folder, orderKey: 'Zz' } },
			{ name: 'folder.delete', args: { folderId: ids.folder } },
			{
				name: 'subscription.create',
				args: { subscriptionId: ids.subscription, url: 'http://127.0.0.1:9/other.xml', folderId: null, orderKey: 'a5' }
			},
			{ name: 'subscription.update', args: { subscriptionId: ids.subscription, title: 'hijacked' } },
			{ name: 'subscription.update', args: { subscriptionId: ids.subscription, folderId: null, orderKey: 'a0' } },
			{ name: 'subscription.delete', args: { subscriptionId: ids.subscription } },
			{ name: 'subscription.delete', args: { subscriptionId: ids.sharedSubscription } },
			{ name: 'entry.setRead', args: { entryIds: ids.privateEntries, read: false } },
			{ name: 'entry.setStarred', args: { entryId: ids.privateEntries[0], starred: true } },
			{ name: 'entry.markAllRead', args: { scope: { kind: 'folder', folderId: ids.folder }, upTo: 1e9 } },
			{
				name: 'entry.markAllRead',
				args: { scope: { kind: 'subscription', subscriptionId: ids.subscription }, upTo: 1e9 }
			}
		];
		const res = await push(bob, attacks);
		expect(res.status).toBe(200);
		const results = pushResponseSchema.parse(res.body).results;
		results.forEach((result, i) => expect(result.status, JSON.stringify(attacks[i])).toBe('rejected'));
		expect(await aliceRows()).toEqual(before);

		// Filing his own feeds into her folder is treated like a folder that no longer exists: the top level.
		const intoHerFolder = await push(bob, [
			{
				name: 'subscription.create',
				args: { subscriptionId: randomUUID(), url: 'http://127.0.0.1:9/x.xml', folderId: ids.folder, orderKey: 'a6' }
			},
			{ name: 'subscription.update', args: { subscriptionId: ids.bobSubscription, folderId: ids.folder } }
		]);
		for (const result of pushResponseSchema.parse(intoHerFolder.body).results) {
			expect(result).toMatchObject({ status: 'applied', code: 'moved_to_top_level' });
		}
		const filed = await server.store.get('SELECT count(*) AS n FROM subscriptions WHERE folder_id = ?', [ids.folder]);
		expect(filed).toEqual({ n: 1 });
		expect(await aliceRows()).toEqual(before);
		// Bob's own state on the shared feed is his: Alice's read and starred marks are not his.
		expect(await rowsOf('bob', 'entry_states')).toEqual([]);
	});

	it('refuses Alice’s client id to Bob (403), for push and pull, changing nothing', async () => {
		const before = await snapshotDatabase(server.store);
		const pushed = await push(
			bob,
			[{ name: 'settings.update', args: { settings: { theme: 'light' } } }],
			alice.clientId
		);
		expect(pushed.status).toBe(403);
		const pulled = await call(server.url, 'POST', '/api/sync/pull', {
			token: bob.token,
			body: { protocolVersion: 1, clientId: alice.clientId, cookie: null }
		});
		expect(pulled.status).toBe(403);
		expectHandled(pushed);
		expectHandled(pulled);
		expect(await snapshotDatabase(server.store)).toBe(before);
	});

	it('answers 404 on every REST endpoint with Alice’s ids, changing nothing', async () => {
		const before = await snapshotDatabase(server.store);
		const requests: [string, string, unknown?][] = [
			['PATCH', `/api/subscriptions/${ids.subscription}`, { title: 'hijacked' }],
			['PATCH', `/api/folders/${ids.folder}`, { name: 'hijacked' }],
			['POST', `/api/subscriptions/${ids.subscription}/refresh`],
			['POST', `/api/entries/${ids.privateEntries[0]}/extract`]
		];
		for (const [method, path, body] of requests) {
			const res = await call(server.url, method, path, { token: bob.token, body });
			expectHandled(res, `${method} ${path}`);
			expect([403, 404], `${method} ${path}: ${res.status}`).toContain(res.status);
		}
		expect(await snapshotDatabase(server.store)).toBe(before);
		const moved = await call(server.url, 'PATCH', `/api/subscriptions/${ids.bobSubscription}`, {
			token: bob.token,
			body: { folderId: ids.folder }
		});
		expect(moved.status).toBe(200);
		expect(moved.body.subscription.folderId).toBeNull();
	});

	it('shows Bob nothing of Alice’s in pulls, search and OPML export', async () => {
		const pages = await pullAll(bob);
		const text = JSON.stringify(pages);
		expect(text).not.toContain(ids.folder);
		expect(text).not.toContain(ids.subscription);
		expect(text).not.toContain(ids.sharedSubscription);
		expect(text).not.toContain(SECRET_WORD);
		expect(text).not.toContain('alice-private');
		const entryIds = pages.flatMap((p) => p.entries.map((e) => e.id));
		for (const id of ids.privateEntries) expect(entryIds).not.toContain(id);
		expect(entryIds).toEqual(expect.arrayContaining(ids.sharedEntries));
		// Alice read and starred the shared entries; for Bob they are unread and unstarred.
		const states = pages.flatMap((p) => p.entryStates).filter((s) => s.read || s.starred);
		expect(states).toEqual([]);
		expect(pages.map((p) => p.settings).filter((s) => s?.theme === 'dark')).toEqual([]);

		const aliceSearch = await call(server.url, 'GET', `/api/search?q=${SECRET_WORD}`, { token: alice.token });
		expect(aliceSearch.status).toBe(200);
		expect(aliceSearch.body.results.length).toBeGreaterThan(0);
		const bobSearch = await call(server.url, 'GET', `/api/search?q=${SECRET_WORD}`, { token: bob.token });
		expect(bobSearch.status).toBe(200);
		expect(bobSearch.body.results).toEqual([]);

		const opml = await call(server.url, 'GET', '/api/opml', { token: bob.token });
		expect(opml.status).toBe(200);
		expect(String(opml.body)).toContain('shared.xml');
		expect(String(opml.body)).not.toContain('alice-private');
		expect(String(opml.body)).not.toContain('Alice private folder');
	});

	it('never nudges Bob’s event stream for Alice’s changes', async () => {
		const aliceEvents = await openEventStream(server.url, alice.token);
		const bobEvents = await openEventStream(server.url, bob.token);
		try {
			await push(alice, [{ name: 'folder.rename', args: { folderId: ids.folder, name: 'Alice renamed' } }]);
			await aliceEvents.received('event: change');
			// Bob's own change comes after Alice's on his stream: had hers nudged him, he would see two.
			const bobsChange = await call(server.url, 'POST', '/api/sync/push', {
				token: bob.token,
				body: {
					protocolVersion: 1,
					clientId: randomUUID(),
					mutations: [{ id: 1, name: 'folder.create', args: { folderId: randomUUID(), name: 'Bob’s', orderKey: 'a0' } }]
				}
			});
			expect(bobsChange.body).toMatchObject({ results: [{ status: 'applied' }] });
			await bobEvents.received('event: change');
			expect(bobEvents.text().split('event: change')).toHaveLength(2);
		} finally {
			aliceEvents.close();
			bobEvents.close();
		}
	});
});
