import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement for this database, prepared once and reused: hot paths run the same SQL many times. */
export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	let statement = cache.get(sql);
	if (!statement) cache.set(sql, (statement = db.prepare(sql)));
	return statement as Statement<P, R>;
}
