import Database from 'better-sqlite3';

/**
 * Reads what the server stored, straight from its SQLite file, opened read-only for each question so the test
 * never holds a lock or a stale snapshot while the server writes (WAL lets the reader run beside it).
 */
export function readServerDb<T>(databasePath: string, read: (db: Database.Database) => T): T {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		return read(db);
	} finally {
		db.close();
	}
}

export function queryAll<T = Record<string, unknown>>(databasePath: string, sql: string, ...params: unknown[]): T[] {
	return readServerDb(databasePath, (db) => db.prepare(sql).all(...params) as T[]);
}

export function queryOne<T = Record<string, unknown>>(
	databasePath: string,
	sql: string,
	...params: unknown[]
): T | undefined {
	return readServerDb(databasePath, (db) => db.prepare(sql).get(...params) as T | undefined);
}
