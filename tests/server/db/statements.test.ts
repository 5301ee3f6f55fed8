import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { stmt } from '../../../server/db/statements';

let db: Database.Database;
beforeEach(() => {
	db = new Database(':memory:');
	db.exec(
		"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT); INSERT INTO t VALUES (1, 'a', NULL), (2, 'b', 'x')"
	);
});
afterEach(() => db.close());

describe('stmt', () => {
	it('gives rows as plain objects keyed by column name, as better-sqlite3 does', () => {
		const sql = 'SELECT id, name, note FROM t ORDER BY id';
		expect(stmt(db, sql).all()).toEqual(db.prepare(sql).all());
		expect(stmt<[number], { id: number }>(db, 'SELECT * FROM t WHERE id = ?').get(2)).toEqual({
			id: 2,
			name: 'b',
			note: 'x'
		});
		expect(stmt(db, 'SELECT * FROM t WHERE id = ?').get(3)).toBeUndefined();
	});

	it('keeps the last of two columns of one name, and names with quotes or spaces', () => {
		const sql = `SELECT id, name AS "odd ""name"" \\", note AS id FROM t WHERE id = 2`;
		expect(stmt(db, sql).get()).toEqual(db.prepare(sql).get());
		expect(stmt(db, sql).get()).toEqual({ id: 'x', 'odd "name" \\': 'b' });
	});

	it('runs writes and binds named parameters', () => {
		expect(stmt(db, 'UPDATE t SET note = @note WHERE id = @id').run({ id: 1, note: 'y' }).changes).toBe(1);
		expect(stmt(db, 'SELECT note FROM t WHERE id = 1').get()).toEqual({ note: 'y' });
		expect(stmt(db, 'DELETE FROM t RETURNING id').all()).toEqual([{ id: 1 }, { id: 2 }]);
	});
});
