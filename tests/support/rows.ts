import type { Sql, SqlParams } from '../../server/db/sql';

/*
 * better-sqlite3's pluck(), on either store: tests that check what a request wrote read it through the store, so
 * they run on SQLite and PostgreSQL alike.
 */

/** The first column of the first row (undefined without a row). */
export async function value<T = number>(sql: Sql, text: string, params?: SqlParams): Promise<T | undefined> {
	const row = await sql.get<Record<string, T>>(text, params);
	return row ? Object.values(row)[0] : undefined;
}

/** The first column of every row. */
export async function column<T = string>(sql: Sql, text: string, params?: SqlParams): Promise<T[]> {
	return (await sql.all<Record<string, T>>(text, params)).map((row) => Object.values(row)[0]!);
}
