import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { isTransientPostgresError } from '../../../../server/db/pg/errors';
import { openPgStore, type PgStore } from '../../../../server/db/pg/pg-store';
import type { Sql } from '../../../../server/db/sql';
import { freshPostgresDatabase } from '../../../support/postgres-database';

let store: PgStore;

beforeAll(async () => {
	store = openPgStore(await freshPostgresDatabase('store'));
	await store.run('CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL, data BYTEA)');
	await store.run('CREATE TABLE counter (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)');
});
afterAll(() => store?.close());
beforeEach(async () => {
	await store.run('DELETE FROM items');
	await store.run('DELETE FROM counter');
	await store.run('INSERT INTO counter (id, value) VALUES (1, 0)');
});

const names = () =>
	store.all<{ name: string }>('SELECT name FROM items ORDER BY id').then((rows) => rows.map((r) => r.name));

/** A promise the test resolves when it chooses, to hold a transaction open. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('placeholders', () => {
	it('binds ? in order and @name by name, a name used twice to one value', async () => {
		expect(await store.get('SELECT ?::int AS a, ?::text AS b', [1, 'x'])).toEqual({ a: 1, b: 'x' });
		expect(await store.get('SELECT @n::int + @n::int AS twice, @s::text AS s', { s: 'y', n: 21 })).toEqual({
			twice: 42,
			s: 'y'
		});
	});

	it('leaves ? and @ alone inside string literals, quoted identifiers, comments and the @@ operator', async () => {
		const row = await store.get(
			`SELECT 'it''s ? @x' AS "what?", ?::text AS v -- a ? here
			 /* and @here */, to_tsvector('simple', 'a b') @@ to_tsquery('simple', 'a') AS hit`,
			['bound']
		);
		expect(row).toEqual({ 'what?': "it's ? @x", v: 'bound', hit: true });
		expect(await store.get(`SELECT '@y'::text AS s, @z::text AS z`, { z: 'named' })).toEqual({ s: '@y', z: 'named' });
	});

	it('refuses a missing value, a wrong count and mixed forms, before the database sees them', async () => {
		await expect(store.get('SELECT ?::int AS a, ?::int AS b', [1])).rejects.toThrow(/2 placeholders, given 1/);
		await expect(store.get('SELECT @a::int AS a', {})).rejects.toThrow(/no value for @a/);
		await expect(store.get('SELECT @a::int AS a', [1])).rejects.toThrow(/one object/);
		await expect(store.get('SELECT ?::int AS a, @b::int AS b', [1])).rejects.toThrow(/mixes/);
	});
});

describe('results', () => {
	it('gives int8 and numeric as numbers and refuses an int8 past 2^53', async () => {
		await store.run('INSERT INTO items (id, name) VALUES (?, ?), (?, ?)', [2 ** 53 - 1, 'big', 2, 'small']);
		expect(await store.get(`SELECT max(id) AS max, count(*) AS n, sum(id) AS total FROM items WHERE id < 3`)).toEqual({
			max: 2,
			n: 1,
			total: 2
		});
		expect(await store.get('SELECT id FROM items WHERE name = ?', ['big'])).toEqual({ id: 2 ** 53 - 1 });
		await expect(store.get('SELECT ?::bigint AS v', ['9007199254740993'])).rejects.toThrow(/beyond 2\^53/);
	});

	it('get answers the first row or undefined, run the rows changed, RETURNING the new rows', async () => {
		expect(await store.run('INSERT INTO items (id, name) VALUES (1, ?), (2, ?), (3, ?)', ['a', 'b', 'c'])).toEqual({
			changes: 3
		});
		expect(await store.get('SELECT name FROM items ORDER BY id DESC')).toEqual({ name: 'c' });
		expect(await store.get('SELECT name FROM items WHERE id = 99')).toBeUndefined();
		expect(await store.run('UPDATE items SET name = name || ? WHERE id < 3', ['!'])).toEqual({ changes: 2 });
		expect(
			await store.run('INSERT INTO items (id, name) VALUES (1, ?) ON CONFLICT (id) DO NOTHING', ['again'])
		).toEqual({ changes: 0 });
		expect(await store.get('INSERT INTO items (id, name) VALUES (4, ?) RETURNING id, name', ['d'])).toEqual({
			id: 4,
			name: 'd'
		});
		expect(await names()).toEqual(['a!', 'b!', 'c', 'd']);
	});

	it('stores and returns bytes as Buffers', async () => {
		const bytes = Buffer.from([0, 1, 254, 255]);
		await store.run('INSERT INTO items (id, name, data) VALUES (1, ?, ?)', ['bin', bytes]);
		expect((await store.get<{ data: Buffer }>('SELECT data FROM items WHERE data = ?', [bytes]))?.data).toEqual(bytes);
	});
});

describe('transactions', () => {
	it('commits what the function wrote when it resolves, and answers its value', async () => {
		const value = await store.transaction(async (tx) => {
			await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['kept']);
			return tx.get<{ name: string }>('SELECT name FROM items WHERE id = 1');
		});
		expect(value).toEqual({ name: 'kept' });
		expect(await names()).toEqual(['kept']);
	});

	it('rolls everything back when the function rejects, a database error included', async () => {
		await expect(
			store.transaction(async (tx) => {
				await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['gone']);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		await expect(
			store.transaction(async (tx) => {
				await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['gone too']);
				await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['duplicate key']);
			})
		).rejects.toThrow(/duplicate key/);
		expect(await names()).toEqual([]);
	});

	it('undoes a failed savepoint and keeps the rest, nested too', async () => {
		await store.transaction(async (tx) => {
			await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['outer']);
			await expect(
				tx.savepoint(async (sp) => {
					await sp.run('INSERT INTO items (id, name) VALUES (2, ?)', ['undone']);
					await sp.run('INSERT INTO items (id, name) VALUES (2, ?)', ['conflict']);
				})
			).rejects.toThrow(/duplicate key/);
			// The failed statement did not abort the transaction: it goes on.
			await tx.savepoint(async (sp) => {
				await sp.run('INSERT INTO items (id, name) VALUES (3, ?)', ['inner']);
				await expect(
					sp.savepoint(async (deeper) => {
						await deeper.run('INSERT INTO items (id, name) VALUES (4, ?)', ['deeper, undone']);
						throw new Error('no');
					})
				).rejects.toThrow('no');
			});
		});
		expect(await names()).toEqual(['outer', 'inner']);
	});

	it('refuses a savepoint outside a transaction and a statement on a transaction that has ended', async () => {
		await expect(store.savepoint(async () => undefined)).rejects.toThrow(/needs a transaction/);
		let escaped!: Sql;
		await store.transaction(async (tx) => {
			escaped = tx;
		});
		await expect(escaped.get('SELECT 1')).rejects.toThrow(/has ended/);
	});

	it('runs transactions side by side: one does not see the other’s rows before its commit', async () => {
		const written = gate();
		const checked = gate();
		const first = store.transaction(async (tx) => {
			await tx.run('INSERT INTO items (id, name) VALUES (1, ?)', ['first']);
			written.open();
			await checked.opened;
		});
		await written.opened;
		// Outside any transaction, and in another one, while the first is still open.
		expect(await names()).toEqual([]);
		const seen = await store.transaction((tx) => tx.all('SELECT name FROM items'));
		expect(seen).toEqual([]);
		checked.open();
		await first;
		expect(await names()).toEqual(['first']);
	});

	it('serializes writers on a row locked FOR UPDATE: no increment is lost', async () => {
		const increment = () =>
			store.transaction(async (tx) => {
				const row = await tx.get<{ value: number }>('SELECT value FROM counter WHERE id = 1 FOR UPDATE');
				await tx.run('UPDATE counter SET value = ? WHERE id = 1', [row!.value + 1]);
			});
		await Promise.all(Array.from({ length: 12 }, increment));
		expect(await store.get('SELECT value FROM counter WHERE id = 1')).toEqual({ value: 12 });
	});
});

describe('errors that mean later', () => {
	it('tells an unreachable server, a lock timeout and a shut-down pool from a bug', async () => {
		const unreachable = openPgStore('postgres://nobody@127.0.0.1:1/none');
		const refused = await unreachable.get('SELECT 1').catch((error: unknown) => error);
		await unreachable.close();
		expect(isTransientPostgresError(refused)).toBe(true);

		const held = gate();
		const locked = gate();
		const holder = store.transaction(async (tx) => {
			await tx.get('SELECT value FROM counter WHERE id = 1 FOR UPDATE');
			locked.open();
			await held.opened;
		});
		await locked.opened;
		const timedOut = await store
			.transaction(async (tx) => {
				await tx.run(`SET LOCAL lock_timeout = '50ms'`);
				await tx.get('SELECT value FROM counter WHERE id = 1 FOR UPDATE');
			})
			.catch((error: unknown) => error);
		held.open();
		await holder;
		expect(isTransientPostgresError(timedOut)).toBe(true);

		const bug = await store.get('SELECT * FROM no_such_table').catch((error: unknown) => error);
		expect(isTransientPostgresError(bug)).toBe(false);
		const conflict = await store.run('INSERT INTO counter (id, value) VALUES (1, 0)').catch((error: unknown) => error);
		expect(isTransientPostgresError(conflict)).toBe(false);
		const ended = openPgStore(inject('postgresUrl')!);
		await ended.close();
		expect(isTransientPostgresError(await ended.get('SELECT 1').catch((error: unknown) => error))).toBe(true);
	});
});

describe('the pool', () => {
	it('fails a statement that waits too long for a connection with an error that means later', async () => {
		const small = openPgStore(inject('postgresUrl')!, { max: 1, connectionTimeoutMs: 100 });
		const held = gate();
		const holding = gate();
		const holder = small.transaction(async () => {
			holding.open();
			await held.opened;
		});
		await holding.opened;
		const waited = await small.get('SELECT 1').catch((error: unknown) => error);
		held.open();
		await holder;
		expect(waited).toBeInstanceOf(Error);
		expect(isTransientPostgresError(waited)).toBe(true);
		expect(await small.get('SELECT 1 AS one')).toEqual({ one: 1 });
		await small.close();
	});
});
