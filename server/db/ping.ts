import type { Sql } from './sql';

/** A real read of a real table: throws when the database cannot answer. */
export async function pingDatabase(sql: Sql): Promise<void> {
	await sql.get('SELECT count(*) FROM users');
}
