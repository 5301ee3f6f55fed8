import type { Sql } from './sql';

/**
 * The next value of the one change counter every pullable row is stamped with. Call it inside the write
 * transaction that makes the change: SQLite runs one writer at a time, so versions become visible in order.
 */
export async function nextVersion(sql: Sql): Promise<number> {
	const row = await sql.get<{ value: number }>('UPDATE sync_seq SET value = value + 1 WHERE id = 1 RETURNING value');
	return row!.value;
}

export async function currentVersion(sql: Sql): Promise<number> {
	const row = await sql.get<{ value: number }>('SELECT value FROM sync_seq WHERE id = 1');
	return row!.value;
}
