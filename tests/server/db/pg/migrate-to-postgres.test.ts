import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../../server/cli/cli-io';
import { runCli } from '../../../../server/cli/index';
import { openDatabase } from '../../../../server/db/open';
import { createPool } from '../../../../server/db/pg/pool';
import { makePng } from '../../../support/png';
import { call } from '../../../support/http';
import { freshPostgresDatabase } from '../../../support/postgres-database';
import { makeDataDir } from '../../../support/test-server';
import { rss, secondUser, startEngineWorld, type EngineWorld } from '../../feed-engine/engine-support';
import { newId, TestDevice } from '../../sync/sync-client';

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
	const out: string[] = [];
	const err: string[] = [];
	const io: CliIo = { readStdin: async () => '', out: (t) => out.push(t), err: (t) => err.push(t) };
	const code = await runCli(argv, io, env);
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every table of the SQLite file but FTS5's shadow tables, each with the columns that order its rows. */
function sqliteTables(db: Database.Database): { table: string; columns: string[]; orderBy: string }[] {
	const names = db
		.prepare(
			`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			   AND name NOT LIKE 'entries_fts_%' ORDER BY name`
		)
		.pluck()
		.all() as string[];
	return names.map((table) => {
		const info = db.pragma(`table_info(${table})`) as { name: string; pk: number }[];
		const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
		// FTS5's table has no declared key: its rowid is the entry's id.
		const columns = table === 'entries_fts' ? ['rowid', ...info.map((c) => c.name)] : info.map((c) => c.name);
		return { table, columns, orderBy: key.length > 0 ? key.map((c) => c.name).join(', ') : 'rowid' };
	});
}

describe('npm run cli -- migrate-to-postgres', () => {
	let world: EngineWorld;
	let sqlite: Database.Database;
	let databaseUrl: string;
	let target: pg.Pool;
	let migrated: Awaited<ReturnType<typeof cli>>;

	beforeAll(async () => {
		world = await startEngineWorld();
		const site = world.feeds.url;
		world.feeds.setFeed('/', '<html><head><link rel="icon" href="/icon.png"></head></html>', 'text/html');
		world.feeds.setFeed('/icon.png', makePng(16, 16), 'image/png');
		world.feeds.setFeed(
			'/a.xml',
			rss(site, 'Feed A', [
				{ guid: 'a1', title: 'Ünïcode «one» 日本', content: '<p>first <b>bold</b></p>', date: Date.UTC(2026, 0, 1) },
				{ guid: 'a2', title: 'Two', date: Date.UTC(2026, 0, 2) },
				{ guid: 'a3', title: 'Three', date: Date.UTC(2026, 0, 3) }
			])
		);
		world.feeds.setFeed('/b.xml', rss(site, 'Feed B', [{ guid: 'b1', title: 'Bee', date: Date.UTC(2026, 0, 4) }]));

		const admin = new TestDevice(world.server, world.token);
		const folderId = newId();
		const [subA, subB] = [newId(), newId()];
		await admin.send(
			{ name: 'folder.create', args: { folderId, name: 'News', orderKey: 'a0' } },
			{ name: 'subscription.create', args: { subscriptionId: subA, url: `${site}/a.xml`, folderId, orderKey: 'a0' } },
			{
				name: 'subscription.create',
				args: { subscriptionId: subB, url: `${site}/b.xml`, folderId: null, orderKey: 'a1' }
			}
		);
		for (const id of [subA, subB]) {
			const refreshed = await call(world.server.url, 'POST', `/api/subscriptions/${id}/refresh`, {
				token: world.token
			});
			expect(refreshed.status).toBe(200);
		}
		const entryIds = (await admin.pullAll()).flatMap((page) => page.entries.map((entry) => entry.id));
		expect(entryIds).toHaveLength(4);
		const refused = await admin.send(
			{ name: 'entry.setRead', args: { entryIds: entryIds.slice(0, 2), read: true } },
			{ name: 'entry.setStarred', args: { entryId: entryIds[0]!, starred: true } },
			{ name: 'settings.update', args: { settings: { theme: 'dark' } } },
			{ name: 'subscription.update', args: { subscriptionId: newId(), title: 'no such subscription' } },
			{ name: 'subscription.delete', args: { subscriptionId: subB } }
		);
		expect(refused.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied']);

		const bob = new TestDevice(world.server, await secondUser(world, 'bob'));
		await bob.send(
			{
				name: 'subscription.create',
				args: { subscriptionId: newId(), url: `${site}/a.xml`, folderId: null, orderKey: 'a0' }
			},
			{ name: 'entry.setStarred', args: { entryId: entryIds[2]!, starred: true } }
		);
		expect(
			(
				await call(world.server.url, 'POST', '/api/app-passwords', {
					token: world.token,
					body: { name: 'NetNewsWire' }
				})
			).status
		).toBe(201);
		expect(
			(await call(world.server.url, 'POST', '/api/admin/invitations', { token: world.token, body: {} })).status
		).toBe(201);

		sqlite = new Database(path.join(world.server.dataDir, 'tidings.db'));
		// Retention's work, which no request does: the newest entry goes and leaves a tombstone. Its id must never
		// come back after the move (AUTOINCREMENT's promise).
		sqlite.exec(`INSERT INTO entry_tombstones (feed_id, guid, entry_id, deleted_at, version)
		             SELECT feed_id, guid, id, 1, (SELECT value FROM sync_seq) FROM entries WHERE id = (SELECT max(id) FROM entries);
		             DELETE FROM entries WHERE id = (SELECT max(id) FROM entries);`);

		databaseUrl = await freshPostgresDatabase('moved');
		migrated = await cli(['migrate-to-postgres'], { DATA_DIR: world.server.dataDir, DATABASE_URL: databaseUrl });
		target = createPool(databaseUrl);
	});
	afterAll(async () => {
		sqlite?.close();
		await target?.end();
		await world?.close();
	});

	it('copies every row of every table, and says what it did', async () => {
		expect(migrated.err).toBe('');
		expect(migrated.code).toBe(0);
		expect(migrated.out).toMatch(/entries: 3 of 3/);
		expect(migrated.out).toMatch(/done: \d+ rows in 19 tables, every count checked/);
		const tables = sqliteTables(sqlite);
		const empty: string[] = [];
		for (const { table, columns, orderBy } of tables) {
			const select = `SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${orderBy}`;
			const before = sqlite.prepare(select).all() as Record<string, unknown>[];
			const after = (await target.query(select)).rows as Record<string, unknown>[];
			expect(after, table).toEqual(before);
			if (before.length === 0) empty.push(table);
		}
		// The database was built to hold something in every table.
		expect(empty).toEqual([]);
		expect(tables.map((t) => t.table)).toHaveLength(19);
	});

	it('sets every id sequence past the highest id SQLite handed out, deleted ones included', async () => {
		const highWater = new Map(
			(sqlite.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((r) => [
				r.name,
				r.seq
			])
		);
		expect(highWater.get('entries')).toBeGreaterThan(
			sqlite.prepare('SELECT max(id) FROM entries').pluck().get() as number
		);
		const { rows } = await target.query(
			`INSERT INTO entries (feed_id, guid, published_at, fetched_at, content_hash, version)
			 SELECT min(id), 'new', 0, 0, 'h', 0 FROM feeds RETURNING id`
		);
		expect(rows[0].id).toBe(highWater.get('entries')! + 1);
		const user = await target.query(
			`INSERT INTO users (username, username_key, password_hash, created_at) VALUES ('c', 'c', 'x', 0) RETURNING id`
		);
		expect(user.rows[0].id).toBe(highWater.get('users')! + 1);
		await target.query(`DELETE FROM entries WHERE guid = 'new'; DELETE FROM users WHERE username = 'c'`);
	});

	it('refuses a database that is not empty, and changes nothing there', async () => {
		const fingerprint = async () =>
			(await target.query(`SELECT (SELECT count(*) FROM entries) AS e, (SELECT value FROM sync_seq) AS v`)).rows;
		const before = await fingerprint();
		const again = await cli(['migrate-to-postgres'], { DATA_DIR: world.server.dataDir, DATABASE_URL: databaseUrl });
		expect(again.code).toBe(1);
		expect(again.err).toMatch(/already holds Tidings data \(.*\): .*nothing was copied/);
		expect(again.err).toMatch(/\busers 2\b/);
		expect(again.err).toMatch(/\bentries 3\b/);
		expect(await fingerprint()).toEqual(before);

		const foreign = await freshPostgresDatabase('foreign');
		const pool = createPool(foreign);
		await pool.query('CREATE TABLE invoices (id int)');
		await pool.end();
		const refused = await cli(['migrate-to-postgres'], { DATA_DIR: world.server.dataDir, DATABASE_URL: foreign });
		expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/not empty \(it has tables invoices\)/) });
	});

	it('refuses a SQLite table it cannot copy, and can copy once it is gone', async () => {
		const dataDir = makeDataDir();
		openDatabase(path.join(dataDir, 'tidings.db'), { busyTimeoutMs: 1000 }).close();
		const extra = new Database(path.join(dataDir, 'tidings.db'));
		extra.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x')`);
		const url = await freshPostgresDatabase('twin');
		const refused = await cli(['migrate-to-postgres'], { DATA_DIR: dataDir, DATABASE_URL: url });
		expect(refused).toMatchObject({
			code: 1,
			err: expect.stringMatching(/SQLite tables notes have no PostgreSQL twin/)
		});
		extra.exec('DROP TABLE notes');
		extra.close();
		const copied = await cli(['migrate-to-postgres'], { DATA_DIR: dataDir, DATABASE_URL: url });
		expect(copied).toMatchObject({ code: 0, err: '' });
	});

	it('says what is missing: DATABASE_URL, the SQLite file, a reachable server', async () => {
		const noUrl = await cli(['migrate-to-postgres'], { DATA_DIR: world.server.dataDir });
		expect(noUrl).toMatchObject({ code: 1, err: expect.stringMatching(/set DATABASE_URL/) });
		const noFile = await cli(['migrate-to-postgres'], { DATA_DIR: makeDataDir(), DATABASE_URL: databaseUrl });
		expect(noFile).toMatchObject({ code: 1, err: expect.stringMatching(/no SQLite database at .*tidings\.db/) });
		const down = await cli(['migrate-to-postgres'], {
			DATA_DIR: world.server.dataDir,
			DATABASE_URL: 'postgres://tidings:secret@127.0.0.1:1/tidings'
		});
		expect(down).toMatchObject({
			code: 1,
			err: expect.stringMatching(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/tidings/)
		});
		expect(down.err).not.toContain('secret');
	});
});
