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
