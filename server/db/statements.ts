import type { RunResult, Statement } from 'better-sqlite3';
import type { Db } from './open';

type Params<P> = P extends unknown[] ? P : [P];

/** The part of a better-sqlite3 statement the data-access functions use, with rows as plain objects. */
export interface Query<P, R> {
	run(...params: Params<P>): RunResult;
	get(...params: Params<P>): R | undefined;
	all(...params: Params<P>): R[];
}

/**
 * Rows come from better-sqlite3 as arrays (raw mode) and become objects here. better-sqlite3 builds each row
 * object key by key in C++, which cost more than the query itself for rows of many columns: 145 µs against 60 µs
 * for twenty subscription rows of 17 columns, and the pulls and session look-ups of bench/load.ts are such rows.
 */
class RawQuery<P, R> implements Query<P, R> {
	readonly #statement: Statement<unknown[], unknown[]>;
	readonly #toObject: (row: unknown[]) => R;

	constructor(statement: Statement<unknown[], unknown>) {
		// A statement that returns no rows cannot be put in raw mode; it is only ever run.
		this.#statement = (statement.reader ? statement.raw(true) : statement) as Statement<unknown[], unknown[]>;
		this.#toObject = statement.reader ? rowBuilder<R>(statement.columns().map((c) => c.name)) : () => undefined as R;
	}

	run(...params: Params<P>): RunResult {
		return this.#statement.run(...params);
	}

	get(...params: Params<P>): R | undefined {
		const row = this.#statement.get(...params);
		return row === undefined ? undefined : this.#toObject(row);
	}

	all(...params: Params<P>): R[] {
		return this.#statement.all(...params).map(this.#toObject);
	}
}

/**
 * A function that turns one statement's row arrays into objects with an object literal of its columns (a later
 * column of the same name wins, as in better-sqlite3's own objects). Generated rather than a loop over the names:
 * one loop shared by every statement stored keys of every shape at one place, which V8 then handled through its
 * slowest path (about 0.35 µs a row, a tenth of that generated). The names come from our own SQL, quoted as JSON.
 */
function rowBuilder<R>(columns: string[]): (row: unknown[]) => R {
	const fields = columns.map((name, i) => `${JSON.stringify(name)}: row[${i}]`);
	return new Function('row', `return { ${fields.join(', ')} };`) as (row: unknown[]) => R;
}

const caches = new WeakMap<Db, Map<string, Query<never, unknown>>>();

/** A prepared statement for this database, prepared once and reused: hot paths run the same SQL many times. */
export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Query<P, R> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	let query = cache.get(sql);
	if (!query) cache.set(sql, (query = new RawQuery<never, unknown>(db.prepare(sql))));
	return query as unknown as Query<P, R>;
}
