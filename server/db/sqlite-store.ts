import type { Db } from './open';
import type { Sql, SqlParams, SqlRunResult, Store, TransactionOptions } from './sql';
import { stmt } from './statements';

const NO_PARAMS: readonly unknown[] = [];

function spread(params: SqlParams): unknown[] {
	return Array.isArray(params) ? params : [params];
}

/**
 * Statements on one better-sqlite3 connection: synchronous prepared statements, answered as settled promises.
 * The methods are plain functions returning one promise each rather than async functions: every promise and
 * microtask per statement showed in bench/load (a pull runs about ten statements, a push of ten mutations about
 * twenty), and a failure still arrives as a rejection, as on PostgreSQL.
 */
class SqliteSql implements Sql {
	readonly dialect = 'sqlite' as const;

	constructor(
		readonly db: Db,
		/** How many transactions and savepoints are open around this executor: 0 on the store itself. */
		private readonly depth: number
	) {}

	all<R>(sql: string, params: SqlParams = NO_PARAMS): Promise<R[]> {
		try {
			return Promise.resolve(stmt<unknown[], R>(this.db, sql).all(...spread(params)));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	get<R>(sql: string, params: SqlParams = NO_PARAMS): Promise<R | undefined> {
		try {
			return Promise.resolve(stmt<unknown[], R>(this.db, sql).get(...spread(params)));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	run(sql: string, params: SqlParams = NO_PARAMS): Promise<SqlRunResult> {
		try {
			return Promise.resolve({ changes: stmt(this.db, sql).run(...spread(params)).changes });
		} catch (error) {
			return Promise.reject(error as Error);
		}
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
 * or write inside it). What waits runs in the order it was asked for, as soon as the transaction ends.
 *
 * With nothing open, a statement or a transaction starts at once, synchronously: its function runs up to its
 * first await before transaction() returns, and it ends on the microtask after its promise settles. A transaction
 * whose function only runs statements (every push and pull) thus never waits for a queue it does not need.
 */
export class SqliteStore extends SqliteSql implements Store {
	/** Whether a transaction's function is running on the connection. */
	#open = false;
	/** What waits for the open transaction to end: statements on the store and later transactions, in order. */
	readonly #waiting: (() => void)[] = [];
	readonly #tx: SqliteSql;

	constructor(db: Db) {
		super(db, 0);
		this.#tx = new SqliteSql(db, 1);
	}

	override all<R>(sql: string, params?: SqlParams): Promise<R[]> {
		return this.#open ? this.#afterTransaction(() => super.all<R>(sql, params)) : super.all<R>(sql, params);
	}

	override get<R>(sql: string, params?: SqlParams): Promise<R | undefined> {
		return this.#open ? this.#afterTransaction(() => super.get<R>(sql, params)) : super.get<R>(sql, params);
	}

	override run(sql: string, params?: SqlParams): Promise<SqlRunResult> {
		return this.#open ? this.#afterTransaction(() => super.run(sql, params)) : super.run(sql, params);
	}

	transaction<T>(fn: (tx: Sql) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
		const readOnly = options.readOnly === true;
		return this.#open ? this.#afterTransaction(() => this.#begin(fn, readOnly)) : this.#begin(fn, readOnly);
	}

	#afterTransaction<T>(start: () => Promise<T>): Promise<T> {
		return new Promise<T>((resolve) => this.#waiting.push(() => resolve(start())));
	}

	/** Runs what waited, in order, until it has all run or one of them opens a transaction again. */
	#drain(): void {
		while (!this.#open && this.#waiting.length > 0) this.#waiting.shift()!();
	}

	#begin<T>(fn: (tx: Sql) => Promise<T>, readOnly: boolean): Promise<T> {
		try {
			// IMMEDIATE: a write never starts as a read that must later upgrade (and fail busy). A read-only one takes
			// no lock, so another process's writer does not stall it.
			stmt(this.db, readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE').run();
		} catch (error) {
			return Promise.reject(error as Error);
		}
		this.#open = true;
		let result: Promise<T>;
		try {
			result = Promise.resolve(fn(this.#tx));
		} catch (error) {
			result = Promise.reject(error as Error);
		}
		return result.then(
			(value) => {
				this.#end(true);
				return value;
			},
			(error: unknown) => {
				this.#end(false);
				throw error;
			}
		);
	}

	/** Commits (or rolls back), then lets what waited run; a failed commit rolls back and throws. */
	#end(commit: boolean): void {
		try {
			if (commit) stmt(this.db, 'COMMIT').run();
			else if (this.db.inTransaction) stmt(this.db, 'ROLLBACK').run();
		} catch (error) {
			if (this.db.inTransaction) stmt(this.db, 'ROLLBACK').run();
			throw error;
		} finally {
			this.#open = false;
			this.#drain();
		}
	}

	async close(): Promise<void> {
		while (this.#open) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.db.close();
	}
}
