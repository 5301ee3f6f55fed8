import type { Db } from './open';
import type { Sql, SqlParams, SqlRunResult, Store, TransactionOptions } from './sql';
import { stmt } from './statements';

function spread(params: SqlParams): unknown[] {
	return Array.isArray(params) ? params : [params];
}

/** Statements on one better-sqlite3 connection: synchronous prepared statements, answered as settled promises. */
class SqliteSql implements Sql {
	readonly dialect = 'sqlite' as const;

	constructor(
		readonly db: Db,
		/** How many transactions and savepoints are open around this executor: 0 on the store itself. */
		private readonly depth: number
	) {}

	async all<R>(sql: string, params: SqlParams = []): Promise<R[]> {
		return stmt<unknown[], R>(this.db, sql).all(...spread(params));
	}

	async get<R>(sql: string, params: SqlParams = []): Promise<R | undefined> {
		return stmt<unknown[], R>(this.db, sql).get(...spread(params));
	}

	async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
		return { changes: stmt(this.db, sql).run(...spread(params)).changes };
	}

	async savepoint<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
		if (this.depth === 0) throw new Error('savepoint() needs a transaction: call it on the tx of store.transaction()');
		const name = `sp${this.depth}`;
		this.db.exec(`SAVEPOINT ${name}`);
		try {
			const result = await fn(new SqliteSql(this.db, this.depth + 1));
			this.db.exec(`RELEASE ${name}`);
			return result;
		} catch (error) {
			// Some errors (SQLITE_FULL, I/O) end the whole transaction: then there is no savepoint left to undo.
			if (this.db.inTransaction) {
				this.db.exec(`ROLLBACK TO ${name}`);
				this.db.exec(`RELEASE ${name}`);
			}
			throw error;
		}
	}
}

/**
 * True when the database itself ended the transaction sql runs in (a trigger's RAISE(ROLLBACK), an ON CONFLICT
 * ROLLBACK clause): going on would write outside it. Only SQLite does that; a PostgreSQL error leaves the
 * transaction aborted instead, and its next statement fails.
 */
export function transactionLost(sql: Sql): boolean {
	return sql instanceof SqliteSql && !sql.db.inTransaction;
}

/**
 * The SQLite store. One connection serves the whole process, so a transaction that awaits between statements
 * must keep everything else off the connection until it ends: transactions run one after the other, and a
 * statement on the store waits while one is open (it would otherwise read the open transaction's uncommitted rows,
 * or write inside it). With no transaction open a statement runs at once, synchronously.
 */
export class SqliteStore extends SqliteSql implements Store {
	#queue: Promise<unknown> = Promise.resolve();
	#current: Promise<unknown> | null = null;

	constructor(db: Db) {
		super(db, 0);
	}

	override async all<R>(sql: string, params?: SqlParams): Promise<R[]> {
		while (this.#current) await this.#current.catch(() => undefined);
		return super.all<R>(sql, params);
	}

	override async get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
		while (this.#current) await this.#current.catch(() => undefined);
		return super.get<R>(sql, params);
	}

	override async run(sql: string, params?: SqlParams): Promise<SqlRunResult> {
		while (this.#current) await this.#current.catch(() => undefined);
		return super.run(sql, params);
	}

	transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		const result = this.#queue.then(() => {
			const current = this.#runTransaction(fn, options.readOnly === true);
			this.#current = current;
			const settle = () => {
				if (this.#current === current) this.#current = null;
			};
			current.then(settle, settle);
			return current;
		});
		this.#queue = result.catch(() => undefined);
		return result;
	}

	async #runTransaction<T>(fn: (tx: Sql) => Promise<T>, readOnly: boolean): Promise<T> {
		// IMMEDIATE: a write never starts as a read that must later upgrade (and fail busy). A read-only one takes
		// no lock, so another process's writer does not stall it.
		this.db.exec(readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE');
		try {
			const result = await fn(new SqliteSql(this.db, 1));
			this.db.exec('COMMIT');
			return result;
		} catch (error) {
			if (this.db.inTransaction) this.db.exec('ROLLBACK');
			throw error;
		}
	}

	async close(): Promise<void> {
		await this.#queue;
		this.db.close();
	}
}
