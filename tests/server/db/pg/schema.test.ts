import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../server/db/open';
import { migratePostgres, readPostgresMigrations } from '../../../../server/db/pg/migrate';
import { openPostgres } from '../../../../server/db/pg/pg-store';
import { createPool } from '../../../../server/db/pg/pool';
import { freshPostgresDatabase } from '../../../support/postgres-database';

interface Column {
	name: string;
	type: 'integer' | 'text' | 'bytes';
	notNull: boolean;
	default: string | null;
}
interface Table {
	columns: Column[];
	primaryKey: string[];
	/** Unique constraints and unique indexes, each as its column list. */
	unique: string[][];
	/** Named indexes: name → (unique ? 'unique ' : '') + columns. */
	indexes: Record<string, string>;
	foreignKeys: string[];
}

/** FTS5's shadow tables, and the bookkeeping of each store's own migration runner. */
const NOT_COMPARED = /^(sqlite_|entries_fts_|schema_migrations$)/;

function sqliteSchema(db: Db): Record<string, Table> {
	const tables = db
		.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
		.pluck()
		.all() as string[];
	const schema: Record<string, Table> = {};
	for (const table of tables.filter((name) => !NOT_COMPARED.test(name))) {
		const info = db.pragma(`table_info(${table})`) as {
			name: string;
			type: string;
			notnull: number;
			dflt_value: string | null;
			pk: number;
		}[];
		const indexList = db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[];
		const columnsOf = (index: string) =>
			(db.pragma(`index_info(${index})`) as { seqno: number; name: string }[])
				.sort((a, b) => a.seqno - b.seqno)
				.map((column) => column.name);
		const primaryKey = info
			.filter((column) => column.pk > 0)
			.sort((a, b) => a.pk - b.pk)
			.map((column) => column.name);
		schema[table] = {
			columns: info.map((column) => ({
				name: column.name,
				type: column.type === 'BLOB' ? 'bytes' : column.type === 'TEXT' || column.type === '' ? 'text' : 'integer',
				// A primary key is never null on PostgreSQL; SQLite's rowid alias is not either.
				notNull: column.notnull === 1 || column.pk > 0,
				default: column.dflt_value
			})),
			primaryKey,
			unique: indexList
				.filter((index) => index.unique === 1 && index.origin !== 'pk')
				.map((index) => columnsOf(index.name))
				.filter((columns) => columns.join() !== primaryKey.join())
				.sort(),
			indexes: Object.fromEntries(
				indexList
					.filter((index) => index.origin === 'c')
					.map((index) => [index.name, `${index.unique ? 'unique ' : ''}${columnsOf(index.name).join(', ')}`])
			),
			foreignKeys: (
				db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string; on_delete: string }[]
			)
				.map((fk) => `${fk.from} → ${fk.table}(${fk.to}) on delete ${fk.on_delete.toLowerCase()}`)
				.sort()
		};
	}
	return schema;
}

async function postgresSchema(pool: pg.Pool): Promise<Record<string, Table>> {
	const { rows: columns } = await pool.query<{
		table_name: string;
		column_name: string;
		data_type: string;
		is_nullable: string;
		column_default: string | null;
		collation_name: string | null;
	}>(
		`SELECT table_name, column_name, data_type, is_nullable, column_default, collation_name
		   FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`
	);
	const { rows: indexes } = await pool.query<{
		table_name: string;
		index_name: string;
		is_unique: boolean;
		is_primary: boolean;
		is_constraint: boolean;
		columns: string[];
	}>(
		`SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique AS is_unique,
		        x.indisprimary AS is_primary,
		        EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) AS is_constraint,
		        array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
		              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
		   FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
		   JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = 'public'`
	);
	const { rows: foreignKeys } = await pool.query<{ table_name: string; description: string }>(
		`SELECT t.relname AS table_name,
		        (SELECT string_agg(a.attname, ', ') FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey))
		        || ' → ' || r.relname || '('
		        || (SELECT string_agg(a.attname, ', ') FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey))
		        || ') on delete '
		        || CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' ELSE 'no action' END AS description
		   FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
		  WHERE c.contype = 'f'`
	);
	const schema: Record<string, Table> = {};
	for (const column of columns) {
		const table = (schema[column.table_name] ??= {
			columns: [],
			primaryKey: [],
			unique: [],
			indexes: {},
			foreignKeys: []
		});
		if (column.data_type === 'text' && !NOT_COMPARED.test(column.table_name))
			expect(column.collation_name, `${column.column_name} is ordered bytewise`).toBe('C');
		table.columns.push({
			name: column.column_name,
			type: column.data_type === 'bytea' ? 'bytes' : column.data_type === 'text' ? 'text' : 'integer',
			notNull: column.is_nullable === 'NO',
			default: column.column_default?.replace(/::\w+$/, '') ?? null
		});
	}
	for (const index of indexes) {
		const table = schema[index.table_name]!;
		if (index.is_primary) table.primaryKey = index.columns;
		else if (index.is_constraint) table.unique.push(index.columns);
		else {
			table.indexes[index.index_name] = `${index.is_unique ? 'unique ' : ''}${index.columns.join(', ')}`;
			if (index.is_unique) table.unique.push(index.columns);
		}
	}
	for (const table of Object.values(schema)) table.unique.sort();
	for (const fk of foreignKeys) schema[fk.table_name]!.foreignKeys.push(fk.description);
	for (const table of Object.values(schema)) table.foreignKeys.sort();
	for (const name of Object.keys(schema)) if (NOT_COMPARED.test(name)) delete schema[name];
	return schema;
}

describe('the PostgreSQL schema', () => {
	let pool: pg.Pool;
	let db: Db;
	beforeAll(async () => {
		pool = createPool(await freshPostgresDatabase('schema'));
		await migratePostgres(pool);
		db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-db-')), 'tidings.db'), {
			busyTimeoutMs: 100
		});
	});
	afterAll(async () => {
		await pool?.end();
		db?.close();
	});

	it('has the tables, columns, keys and indexes of SQLite after all its migrations', async () => {
		const sqlite = sqliteSchema(db);
		const postgres = await postgresSchema(pool);
		// FTS5's virtual table is a plain table there: SQLite's columns plus the rowid and the tsvector.
		const fts = postgres.entries_fts!;
		expect(fts.columns.map((column) => column.name)).toEqual(['rowid', 'title', 'author', 'body', 'document']);
		expect(fts.primaryKey).toEqual(['rowid']);
		expect(fts.foreignKeys).toEqual(['rowid → entries(id) on delete cascade']);
		expect(fts.indexes).toEqual({ entries_fts_document: 'document' });
		expect(sqlite.entries_fts!.columns.map((column) => column.name)).toEqual(['title', 'author', 'body']);
		delete postgres.entries_fts;
		delete sqlite.entries_fts;
		expect(
			postgres,
			"PostgreSQL's schema must be SQLite's: give each SQLite migration its twin in server/db/pg/migrations"
		).toEqual(sqlite);
	});

	it('keeps its seeded rows: the change counter, the sync horizon, the media URL state', async () => {
		const { rows } = await pool.query(
			`SELECT (SELECT value FROM sync_seq WHERE id = 1) AS seq, (SELECT version FROM sync_horizon) AS horizon,
			        (SELECT mode FROM media_url_state) AS mode`
		);
		expect(rows).toEqual([{ seq: 0, horizon: 0, mode: 'direct' }]);
	});

	it('finds an entry by its words and drops its search row with it', async () => {
		await pool.query(
			`INSERT INTO feeds (id, url, created_at) VALUES (1, 'https://example.com/feed', 0);
			 INSERT INTO entries (id, feed_id, guid, published_at, fetched_at, content_hash, version)
			   VALUES (7, 1, 'g', 0, 0, 'h', 1);
			 INSERT INTO entries_fts (rowid, title, author, body) VALUES (7, 'Über Käse', 'Ann', 'Rezepte und mehr')`
		);
		const search = (query: string) =>
			pool.query(`SELECT rowid FROM entries_fts WHERE document @@ websearch_to_tsquery('tidings_search', $1)`, [query]);
		expect((await search('käse rezepte')).rows).toEqual([{ rowid: 7 }]);
		// Accents are ignored, and a literal <script> in the text does not hide the words after it (migration 019).
		expect((await search('kase')).rows).toEqual([{ rowid: 7 }]);
		await pool.query(`UPDATE entries_fts SET body = 'Rezepte <script> und Brot' WHERE rowid = 7`);
		expect((await search('brot')).rows).toEqual([{ rowid: 7 }]);
		expect((await search('wein')).rows).toEqual([]);
		await pool.query('DELETE FROM entries WHERE id = 7');
		expect((await pool.query('SELECT count(*) AS n FROM entries_fts')).rows).toEqual([{ n: 0 }]);
	});
});

describe('the PostgreSQL migration runner', () => {
	it('applies every migration once, also when two processes start at the same moment', async () => {
		const url = await freshPostgresDatabase('migrate');
		const pools = [createPool(url), createPool(url)];
		try {
			const results = await Promise.all(pools.map((pool) => migratePostgres(pool)));
			const all = readPostgresMigrations().map((migration) => migration.version);
			expect(results.flat().sort()).toEqual(all);
			expect(await migratePostgres(pools[0]!)).toEqual([]);
			const { rows } = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
			expect(rows.map((row) => row.version)).toEqual(all);
		} finally {
			await Promise.all(pools.map((pool) => pool.end()));
		}
	});

	it('is applied when the server opens the store, once', async () => {
		const url = await freshPostgresDatabase('open');
		const first = await openPostgres(url);
		expect(await first.get('SELECT value FROM sync_seq WHERE id = 1')).toEqual({ value: 0 });
		await first.close();
		const second = await openPostgres(url);
		expect(await second.all('SELECT version FROM schema_migrations')).toHaveLength(readPostgresMigrations().length);
		await second.close();
		await expect(openPostgres('postgres://tidings@127.0.0.1:1/none')).rejects.toThrow(/ECONNREFUSED/);
	});

	it('rolls a failing migration back, leaves the database as it was and can run again', async () => {
		const pool = createPool(await freshPostgresDatabase('migrate'));
		try {
			await migratePostgres(pool);
			const broken = [
				...readPostgresMigrations(),
				{ version: 999, name: '999_x.sql', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }
			];
			await expect(migratePostgres(pool, broken)).rejects.toThrow(/999_x\.sql.*no_such_table/);
			const { rows } = await pool.query(
				`SELECT to_regclass('half_done') AS t, max(version) AS v FROM schema_migrations`
			);
			expect(rows).toEqual([{ t: null, v: readPostgresMigrations().at(-1)!.version }]);
			// The failed run let go of its lock: another run gets it.
			expect(await migratePostgres(pool)).toEqual([]);
		} finally {
			await pool.end();
		}
	});
});
