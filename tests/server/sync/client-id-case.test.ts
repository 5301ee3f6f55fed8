import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../server/db/migrate';
import { clientIdSchema } from '#shared/mutations';
import { setupAdmin, signupUser } from '../../support/accounts';
import { call } from '../../support/http';
import { column } from '../../support/rows';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

/**
 * Issue 16, item 9: ids that differ only in letter case, and feed addresses that differ only in host case,
 * default port or fragment, name one row, whoever sends them.
 */
const UPPER = '0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3';
const SUB_UPPER = 'ABCDEF01-2345-4678-9ABC-DEF012345678';

describe('identity hygiene', () => {
	let server: TestServer;
	let alice: string;
	let bob: string;
	beforeAll(async () => {
		server = await startTestServer();
		alice = (await setupAdmin(server, 'alice')).token;
		bob = (await signupUser(server, 'bob')).token;
	});
	afterAll(() => server.close());

	const push = (token: string, clientId: string, mutations: { name: string; args: unknown }[]) =>
		call(server.url, 'POST', '/api/sync/push', {
			token,
			body: { protocolVersion: 1, clientId, mutations: mutations.map((m, i) => ({ id: i + 1, ...m })) }
		});

	it('one folder and one subscription for a UUID in either letter case', async () => {
		const res = await push(alice, 'alice-case', [
			{ name: 'folder.create', args: { folderId: UPPER, name: 'Upper', orderKey: 'a0' } },
			{ name: 'folder.create', args: { folderId: UPPER.toLowerCase(), name: 'Lower', orderKey: 'a1' } },
			{
				name: 'subscription.create',
				args: { subscriptionId: SUB_UPPER, url: 'https://case.example/feed', folderId: UPPER, orderKey: 'a0' }
			},
			{
				name: 'subscription.update',
				args: { subscriptionId: SUB_UPPER.toLowerCase(), folderId: null }
			}
		]);
		expect(res.status).toBe(200);
		expect(await column(server.store, 'SELECT id FROM folders')).toEqual([UPPER.toLowerCase()]);
		expect(await server.store.all('SELECT id, folder_id FROM subscriptions')).toEqual([
			{ id: SUB_UPPER.toLowerCase(), folder_id: null }
		]);
		const patched = await call(server.url, 'PATCH', `/api/folders/${UPPER}`, {
			token: alice,
			body: { name: 'Patched' }
		});
		expect(patched.status).toBe(200);
	});

	it('one feed for addresses that differ only in host case, default port or fragment', async () => {
		const urls = ['http://Feeds.Example.COM:80/news.xml#top', 'http://feeds.example.com/news.xml'];
		const first = await push(alice, 'alice-urls', [
			{
				name: 'subscription.create',
				args: { subscriptionId: crypto.randomUUID(), url: urls[0], folderId: null, orderKey: 'a1' }
			}
		]);
		const second = await push(bob, 'bob-urls', [
			{
				name: 'subscription.create',
				args: { subscriptionId: crypto.randomUUID(), url: urls[1], folderId: null, orderKey: 'a0' }
			}
		]);
		expect([first.body.results[0].status, second.body.results[0].status]).toEqual(['applied', 'applied']);
		const feeds = await column(server.store, "SELECT url FROM feeds WHERE url LIKE '%news.xml%'");
		expect(feeds).toEqual(['http://feeds.example.com/news.xml']);
	});
});

// A SQLite migration: PostgreSQL's schema begins after it (server/db/pg/migrations/001_init.sql).
describe.skipIf(testBackend === 'postgres')('migration 005: stored ids in upper case', () => {
	it('merges a same-user folder duplicate, re-keys other duplicates, lower-cases the rest, leaves tombstones', () => {
		const db = new Database(':memory:');
		db.pragma('foreign_keys = ON');
		const all = readMigrations();
		migrate(
			db,
			all.filter((m) => m.version <= 4)
		);
		db.exec(`INSERT INTO users (id, username, username_key, password_hash, is_admin, created_at) VALUES
			(1, 'a', 'a', 'x', 1, 0), (2, 'b', 'b', 'x', 0, 0)`);
		db.exec(
			`INSERT INTO feeds (id, url, created_at) VALUES (1, 'https://f.example/1', 0), (2, 'https://f.example/2', 0), (3, 'https://f.example/3', 0)`
		);
		const f = (id: string, user: number) =>
			db
				.prepare('INSERT INTO folders (id, user_id, name, order_key, created_at, version) VALUES (?, ?, ?, ?, 0, 1)')
				.run(id, user, id, 'a0');
		f('aaaaaaaa-0000-4000-8000-000000000001', 1);
		f('AAAAAAAA-0000-4000-8000-000000000001', 1);
		f('BBBBBBBB-0000-4000-8000-000000000002', 1);
		f('bbbbbbbb-0000-4000-8000-000000000002', 2);
		const s = (id: string, user: number, feed: number, folder: string | null) =>
			db
				.prepare(
					'INSERT INTO subscriptions (id, user_id, feed_id, folder_id, order_key, created_at, version, entries_since_version) VALUES (?, ?, ?, ?, ?, 0, 1, 0)'
				)
				.run(id, user, feed, folder, 'a0');
		s('CCCCCCCC-0000-4000-8000-000000000003', 1, 1, 'AAAAAAAA-0000-4000-8000-000000000001');
		s('cccccccc-0000-4000-8000-000000000003', 1, 2, 'BBBBBBBB-0000-4000-8000-000000000002');
		s('DDDDDDDD-0000-4000-8000-000000000004', 2, 3, 'bbbbbbbb-0000-4000-8000-000000000002');

		migrate(
			db,
			all.filter((m) => m.version <= 5)
		);

		const folders = db.prepare('SELECT id, user_id FROM folders ORDER BY user_id, id').all() as {
			id: string;
			user_id: number;
		}[];
		const subs = db.prepare('SELECT id, user_id, feed_id, folder_id FROM subscriptions ORDER BY feed_id').all() as {
			id: string;
			folder_id: string;
		}[];
		for (const { id } of [...folders, ...subs]) expect(clientIdSchema.safeParse(id).data).toBe(id);
		expect(folders).toHaveLength(3);
		expect(new Set(folders.map((x) => x.id)).size).toBe(3);
		expect(subs).toHaveLength(3);
		expect(subs[0]!.folder_id).toBe('aaaaaaaa-0000-4000-8000-000000000001');
		expect(folders.map((x) => x.id)).toContain(subs[1]!.folder_id);
		expect(folders.map((x) => x.id)).toContain(subs[2]!.folder_id);
		const tombstones = db.prepare('SELECT kind, id FROM tombstones ORDER BY kind, id').all();
		expect(tombstones).toEqual(
			expect.arrayContaining([
				{ kind: 'folder', id: 'AAAAAAAA-0000-4000-8000-000000000001' },
				{ kind: 'subscription', id: 'CCCCCCCC-0000-4000-8000-000000000003' },
				{ kind: 'subscription', id: 'DDDDDDDD-0000-4000-8000-000000000004' }
			])
		);
		expect(db.pragma('foreign_key_check')).toEqual([]);
	});
});
