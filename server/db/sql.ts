/**
 * The one data-access interface of the server, with two implementations: SQLite (./sqlite-store.ts, the default:
 * better-sqlite3's synchronous prepared statements underneath) and PostgreSQL (./pg/, opt-in by DATABASE_URL).
 * Repos are written once against `Sql`, with portable SQL (`?` or `@name` placeholders, ON CONFLICT, RETURNING);
 * the few statements that differ between the two (full-text search) branch on `dialect`.
 */
export type Dialect = 'sqlite' | 'postgres';

/** Positional parameters for `?` placeholders, or one object for `@name` placeholders. */
export type SqlParams = readonly unknown[] | object;

export interface SqlRunResult {
	/** Rows inserted, updated or deleted. */
	changes: number;
}

/** Runs statements: on the store itself outside a transaction, or on the `tx` a transaction hands its function. */
export interface Sql {
	readonly dialect: Dialect;
	all<R>(sql: string, params?: SqlParams): Promise<R[]>;
	get<R>(sql: string, params?: SqlParams): Promise<R | undefined>;
	run(sql: string, params?: SqlParams): Promise<SqlRunResult>;
	/**
	 * Runs fn in a nested transaction (a savepoint): its writes are undone if it throws, the outer transaction's
	 * are kept. Only on a `tx`.
	 */
	savepoint<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export interface TransactionOptions {
	/**
	 * A transaction that only reads, in one snapshot of the database (a pull page): SQLite's deferred BEGIN, which
	 * takes no write lock; PostgreSQL's REPEATABLE READ READ ONLY.
	 */
	readOnly?: boolean;
}

export interface Store extends Sql {
	/**
	 * Runs fn in one write transaction and commits when its promise resolves, rolls back when it rejects. Every
	 * statement of the transaction must go through `tx`: on SQLite, statements on the store itself wait until the
	 * transaction ends (they would otherwise see its uncommitted rows on the one connection), so using the store
	 * inside fn never returns.
	 */
	transaction<T>(fn: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
	close(): Promise<void>;
}
