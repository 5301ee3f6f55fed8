import type { Db } from '../open';
import { migratePostgres, readPostgresMigrations } from './migrate';
import type { PgStore } from './pg-store';

const RUNNER_TABLE = 'schema_migrations';

/** Tables the migrations fill with their first rows (the change counter, say): replaced by the copied rows. */
const SEEDED = new Set(
	readPostgresMigrations().flatMap((migration) =>
		[...migration.sql.matchAll(/^INSERT INTO (\w+)/gim)].map((match) => match[1]!)
	)
);

const BATCH_ROWS = 500;
/** Entries carry their content: a batch also ends at about this many characters, to keep statements small. */
const BATCH_CHARS = 8_000_000;
/** PostgreSQL takes at most 65535 parameters in one statement. */
const BATCH_PARAMS = 30_000;

/** The copy cannot be made (the target holds something, a table has no twin): nothing was copied. */
export class CopyRefusedError extends Error {}

export interface CopyResult {
	/** Rows copied per table, equal on both sides (checked before the commit). */
	rows: Record<string, number>;
	/** Text values that held NUL characters, which PostgreSQL's text cannot: they were dropped from the text. */
	nulsRemoved: number;
}

interface TargetColumn {
	table_name: string;
	column_name: string;
	data_type: string;
	is_identity: string;
}

async function targetTables(store: PgStore): Promise<string[]> {
	const tables = await store.all<{ table_name: string }>(
		`SELECT table_name FROM information_schema.tables
		  WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	);
	return tables.map((t) => t.table_name);
}

/**
 * Refuses anything but an empty database: one without tables, or one this server's migrations made whose tables
 * hold nothing but what the migrations put there.
 */
async function assertEmpty(store: PgStore): Promise<void> {
	const present = await targetTables(store);
	if (present.length > 0 && !present.includes(RUNNER_TABLE)) {
		throw new CopyRefusedError(
			`the PostgreSQL database is not empty (it has tables ${present.join(', ')}): give an empty database`
		);
	}
	const held: string[] = [];
	for (const table of present.filter((name) => name !== RUNNER_TABLE && !SEEDED.has(name))) {
		const row = await store.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
		if (row!.n > 0) held.push(`${table} ${row!.n}`);
	}
	if (present.includes('sync_seq')) {
		const seq = await store.get<{ value: number }>('SELECT value FROM sync_seq WHERE id = 1');
		if (seq && seq.value > 0) held.push(`sync_seq at ${seq.value}`);
	}
	if (held.length > 0) {
		throw new CopyRefusedError(
			`the PostgreSQL database already holds Tidings data (${held.join(', ')}): moving over needs an empty database, ` +
				'so nothing was copied'
		);
	}
}

/** The tables in an order their foreign keys allow: every table after the tables it refers to. */
async function parentsFirst(store: PgStore, tables: string[]): Promise<string[]> {
	const edges = await store.all<{ child: string; parent: string }>(
		`SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
		   FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		  WHERE c.contype = 'f' AND n.nspname = current_schema() AND c.conrelid <> c.confrelid`
	);
	const ordered: string[] = [];
	let left = [...tables];
	while (left.length > 0) {
		const ready = left.filter((table) => edges.every((edge) => edge.child !== table || !left.includes(edge.parent)));
		if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${left.join(', ')}`);
		ordered.push(...ready);
		left = left.filter((table) => !ready.includes(table));
	}
	return ordered;
}

/** SQLite's tables, without its own and without the shadow tables of virtual tables (FTS5 keeps five each). */
function sqliteTables(db: Db): string[] {
	const rows = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
		name: string;
		sql: string | null;
	}[];
	const virtual = rows.filter((row) => /^CREATE VIRTUAL TABLE/i.test(row.sql ?? '')).map((row) => row.name);
	return rows
		.map((row) => row.name)
		.filter((name) => !name.startsWith('sqlite_') && !virtual.some((v) => name.startsWith(`${v}_`)));
}

/**
 * Copies a SQLite database into an empty PostgreSQL one, in one PostgreSQL transaction: it migrates the target,
 * copies every table in batches (ids kept), sets each identity sequence past the highest id SQLite ever handed
 * out (its AUTOINCREMENT high-water mark, so no deleted id comes back), and compares every table's row count
 * before it commits. The SQLite side is read in one read transaction, one consistent snapshot even while a
 * server writes to it.
 */
export async function copySqliteToPostgres(
	db: Db,
	store: PgStore,
	onProgress: (line: string) => void = () => undefined
): Promise<CopyResult> {
	await assertEmpty(store);
	await migratePostgres(store.pool);
	const columns = await store.all<TargetColumn>(
		`SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
		  WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`
	);
	const target = (await targetTables(store)).filter((name) => name !== RUNNER_TABLE);
	const source = sqliteTables(db);
	const missing = source.filter((name) => !target.includes(name));
	if (missing.length > 0) {
		// A SQLite migration without its PostgreSQL twin: a bug of this version, not something to skip.
		throw new CopyRefusedError(
			`SQLite tables ${missing.join(', ')} have no PostgreSQL twin in this version: nothing was copied`
		);
	}
	// Tables only PostgreSQL has (its own bookkeeping) keep what its migrations put there.
	const tables = await parentsFirst(
		store,
		target.filter((name) => source.includes(name))
	);
	const result: CopyResult = { rows: {}, nulsRemoved: 0 };
	db.exec('BEGIN');
	try {
		const counts = Object.fromEntries(
			tables.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number])
		);
		const highWater = new Map(
			(db.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map((row) => [
				row.name,
				row.seq
			])
		);
		await store.transaction(async (tx) => {
			for (const table of tables) {
				const targetColumns = columns.filter((column) => column.table_name === table);
				if (SEEDED.has(table)) await tx.run(`DELETE FROM ${table}`);
				const names = targetColumns.map((column) => column.column_name);
				const integer = targetColumns.map((column) => column.data_type === 'bigint' || column.data_type === 'integer');
				const rows = db
					.prepare(`SELECT ${names.join(', ')} FROM ${table}`)
					.raw()
					.iterate() as IterableIterator<unknown[]>;
				let batch: unknown[][] = [];
				let chars = 0;
				let copied = 0;
				const flush = async () => {
					if (batch.length === 0) return;
					const tuple = `(${names.map(() => '?').join(', ')})`;
					await tx
						.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`, batch.flat())
						.catch((error: Error) => {
							throw new Error(`copying ${table}: ${error.message}`, { cause: error });
						});
					copied += batch.length;
					onProgress(`${table}: ${copied} of ${counts[table]}`);
					batch = [];
					chars = 0;
				};
				for (const row of rows) {
					batch.push(
						row.map((value, i) => {
							if (typeof value === 'string') {
								chars += value.length;
								if (!value.includes('\0')) return value;
								result.nulsRemoved += 1;
								return value.replaceAll('\0', '');
							}
							// SQLite keeps whatever number it is given; a millisecond has no fraction worth keeping.
							if (integer[i] && typeof value === 'number' && !Number.isInteger(value)) return Math.round(value);
							return value;
						})
					);
					if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS || batch.length * names.length >= BATCH_PARAMS) {
						await flush();
					}
				}
				await flush();
				if (copied === 0) onProgress(`${table}: 0 of 0`);
			}

			for (const column of columns.filter((c) => c.is_identity === 'YES')) {
				const max = await tx.get<{ max: number | null }>(
					`SELECT max(${column.column_name}) AS max FROM ${column.table_name}`
				);
				const next = Math.max(max?.max ?? 0, highWater.get(column.table_name) ?? 0);
				if (next > 0) {
					await tx.get(`SELECT setval(pg_get_serial_sequence(?, ?), ?)`, [column.table_name, column.column_name, next]);
				}
			}

			for (const table of tables) {
				const row = await tx.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
				if (row!.n !== counts[table]) {
					throw new Error(`${table}: ${row!.n} rows in PostgreSQL, ${counts[table]} in SQLite; nothing was committed`);
				}
				result.rows[table] = row!.n;
			}
		});
	} finally {
		db.exec('COMMIT');
	}
	return result;
}
