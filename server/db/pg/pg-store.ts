import type pg from 'pg';
import type { Sql, SqlParams, SqlRunResult, Store, TransactionOptions } from '../sql';
import { migratePostgres } from './migrate';
import { orderedValues, translate } from './placeholders';
import { createPool, type PoolOptions } from './pool';

type Queryable = pg.Pool | pg.PoolClient;

async function query<R>(on: Queryable, sql: string, params: SqlParams): Promise<pg.QueryResult & { rows: R[] }> {
	const translated = translate(sql);
	return on.query({ text: translated.text, values: orderedValues(translated, params) as unknown[] });
}

/** Statements on the pool (each on whichever connection is free) or on a transaction's one connection. */
class PgSql implements Sql {
	readonly dialect = 'postgres' as const;
	#ended = false;

	constructor(
		private readonly on: Queryable,
		/** How many transactions and savepoints are open around this executor: 0 on the store itself. */
		private readonly depth: number
	) {}

	/** A statement on a transaction that has ended would run on a connection the pool has handed to someone else. */
	end(): void {
		this.#ended = true;
	}

	#target(): Queryable {
		if (this.#ended) throw new Error('this transaction has ended: run statements inside its function');
		return this.on;
	}

	async all<R>(sql: string, params: SqlParams = []): Promise<R[]> {
		return (await query<R>(this.#target(), sql, params)).rows;
	}

	async get<R>(sql: string, params: SqlParams = []): Promise<R | undefined> {
		return (await query<R>(this.#target(), sql, params)).rows[0];
	}

	async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
		return { changes: (await query(this.#target(), sql, params)).rowCount ?? 0 };
	}

	async savepoint<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
		if (this.depth === 0) throw new Error('savepoint() needs a transaction: call it on the tx of store.transaction()');
		const client = this.#target();
		const name = `sp${this.depth}`;
		const inner = new PgSql(client, this.depth + 1);
		await client.query(`SAVEPOINT ${name}`);
		try {
			const result = await fn(inner);
			await client.query(`RELEASE SAVEPOINT ${name}`);
			return result;
		} catch (error) {
			await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
			await client.query(`RELEASE SAVEPOINT ${name}`);
			throw error;
		} finally {
			inner.end();
		}
	}
}

/**
 * The PostgreSQL store: a pg pool. Statements outside a transaction take any free connection; a transaction
 * holds one connection from BEGIN to COMMIT or ROLLBACK, so transactions of one process run side by side like
 * those of several processes. They run at READ COMMITTED, PostgreSQL's default: the sync protocol's ordering
 * comes from explicit locks (the client's row `SELECT … FOR UPDATE`, the change counter's row lock)
 * rather than from SERIALIZABLE, whose serialization failures every caller would have to retry.
 */
export class PgStore extends PgSql implements Store {
	constructor(readonly pool: pg.Pool) {
		super(pool, 0);
	}

	async transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		const client = await this.pool.connect();
		const tx = new PgSql(client, 1);
		let broken = false;
		try {
			// A read-only transaction reads one snapshot (a pull page): REPEATABLE READ takes it at the first read.
			await client.query(options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
			const result = await fn(tx);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			try {
				await client.query('ROLLBACK');
			} catch {
				// The connection itself failed: it must not go back to the pool.
				broken = true;
			}
			throw error;
		} finally {
			tx.end();
			client.release(broken);
		}
	}

	#closed: Promise<void> | undefined;

	/** Idempotent, as SQLite's close is: pg's pool throws when ended twice. */
	close(): Promise<void> {
		this.#closed ??= this.pool.end();
		return this.#closed;
	}
}

export interface PgStoreOptions extends PoolOptions {
	/** Told about errors of idle connections (the server restarted, a network cut), which pg raises on the pool. */
	onIdleError?: (error: Error) => void;
}

/** A store for DATABASE_URL, without migrating it (the migration CLI decides when to migrate). */
export function openPgStore(url: string, options: PgStoreOptions = {}): PgStore {
	const pool = createPool(url, options);
	// Without a listener an idle connection's error would end the process; the pool drops that connection itself.
	pool.on('error', options.onIdleError ?? (() => undefined));
	return new PgStore(pool);
}

/** The server's way in, as openDatabase is SQLite's: the store, with every pending migration applied. */
export async function openPostgres(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
	const store = openPgStore(url, options);
	try {
		await migratePostgres(store.pool);
	} catch (error) {
		await store.close();
		throw error;
	}
	return store;
}
