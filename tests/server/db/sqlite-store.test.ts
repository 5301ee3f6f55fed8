import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/open';
import { SqliteStore } from '../../../server/db/sqlite-store';

describe('SqliteStore', () => {
	let dir: string;
	let store: SqliteStore;

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-store-'));
		const db = openDatabase(path.join(dir, 'db.sqlite'), { busyTimeoutMs: 1000 });
		db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
		store = new SqliteStore(db);
	});

	afterEach(async () => {
		await store.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const value = async (k: string) => (await store.get<{ v: number }>('SELECT v FROM t WHERE k = ?', [k]))?.v;

	it('keeps statements on the store out of an open transaction: they see only what it committed', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const transaction = store.transaction(async (tx) => {
			await tx.run('INSERT INTO t (k, v) VALUES (@k, @v)', { k: 'a', v: 1 });
			await held;
			await tx.run('UPDATE t SET v = 2 WHERE k = ?', ['a']);
		});
		await Promise.resolve();
		const read = value('a');
		release();
		expect(await read).toBe(2);
		await transaction;
	});

	it('rolls back everything when the function throws, and the next transaction still runs', async () => {
		const failed = store.transaction(async (tx) => {
			await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
			throw new Error('boom');
		});
		const next = store.transaction((tx) => tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]));
		await expect(failed).rejects.toThrow('boom');
		await next;
		expect(await value('a')).toBeUndefined();
		expect(await value('b')).toBe(2);
	});

	it('undoes a failed savepoint only, keeping the outer transaction', async () => {
		await store.transaction(async (tx) => {
			await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
			await expect(
				tx.savepoint(async (inner) => {
					await inner.run('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]);
					await inner.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 3]);
				})
			).rejects.toThrow(/UNIQUE/);
		});
		expect(await value('a')).toBe(1);
		expect(await value('b')).toBeUndefined();
	});

	it('runs transactions one after the other, in the order they were asked for', async () => {
		const order: string[] = [];
		await Promise.all(
			['x', 'y', 'z'].map((k) =>
				store.transaction(async (tx) => {
					order.push(`${k} start`);
					await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, 0]);
					await new Promise<void>((resolve) => setImmediate(resolve));
					order.push(`${k} end`);
				})
			)
		);
		expect(order).toEqual(['x start', 'x end', 'y start', 'y end', 'z start', 'z end']);
	});

	it('starts a transaction at once when none is open: its first statement has run when transaction() returns', async () => {
		const done = store.transaction(async (tx) => {
			await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
			await tx.run('UPDATE t SET v = 2 WHERE k = ?', ['a']);
		});
		expect(store.db.inTransaction).toBe(true);
		expect(store.db.prepare('SELECT v FROM t WHERE k = ?').pluck().get('a')).toBe(1);
		await done;
		expect(store.db.inTransaction).toBe(false);
		expect(await value('a')).toBe(2);
	});

	it('runs what waited for a transaction in the order it was asked for', async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const first = store.transaction(async (tx) => {
			await held;
			await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
		});
		const read = value('a');
		const second = store.transaction((tx) => tx.run('UPDATE t SET v = 2 WHERE k = ?', ['a']));
		const readAfter = value('a');
		release();
		await Promise.all([first, second]);
		expect(await read).toBe(1);
		expect(await readAfter).toBe(2);
	});

	it('is not wedged by a transaction that cannot begin', async () => {
		store.db.exec('BEGIN');
		await expect(store.transaction(async () => undefined)).rejects.toThrow(/within a transaction/);
		store.db.exec('ROLLBACK');
		await store.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]);
		expect(await value('a')).toBe(1);
	});

	it('refuses a savepoint outside a transaction', async () => {
		await expect(store.savepoint(async () => undefined)).rejects.toThrow(/needs a transaction/);
	});
});
