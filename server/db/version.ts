import type { Db } from './open';
import { stmt } from './statements';

/**
 * The next value of the one change counter every pullable row is stamped with. Call it inside the write
 * transaction that makes the change: SQLite runs one writer at a time, so versions become visible in order.
 */
export function nextVersion(db: Db): number {
	return stmt<[], { value: number }>(db, 'UPDATE sync_seq SET value = value + 1 WHERE id = 1 RETURNING value').get()!
		.value;
}

export function currentVersion(db: Db): number {
	return stmt<[], { value: number }>(db, 'SELECT value FROM sync_seq WHERE id = 1').get()!.value;
}

/** Runs fn in a BEGIN IMMEDIATE transaction: a write never starts as a read that must later upgrade. */
export function writeTransaction<T>(db: Db, fn: () => T): T {
	return db.transaction(fn).immediate();
}

type TransactionMode = 'default' | 'deferred' | 'immediate';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one cache for functions of any signature
type AnyFn = (...args: any[]) => unknown;
const transactionRunners = new WeakMap<Db, Map<AnyFn, Record<TransactionMode, AnyFn>>>();

/**
 * `fn` wrapped as a transaction of `db`, made once per database, function and mode (`default` inside another
 * transaction is a savepoint). better-sqlite3's db.transaction() builds four wrapper functions on each call, which
 * showed on hot paths (a push per mutation, every pull): pass `fn` a module-level function and its arguments.
 */
export function transactionOf<A extends unknown[], R>(
	db: Db,
	mode: TransactionMode,
	fn: (...args: A) => R
): (...args: A) => R {
	let byFn = transactionRunners.get(db);
	if (!byFn) transactionRunners.set(db, (byFn = new Map()));
	let modes = byFn.get(fn);
	if (!modes) {
		const wrapped = db.transaction(fn);
		modes = { default: wrapped, deferred: wrapped.deferred, immediate: wrapped.immediate };
		byFn.set(fn, modes);
	}
	return modes[mode] as (...args: A) => R;
}
