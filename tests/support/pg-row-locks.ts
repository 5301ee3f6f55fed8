import pg from 'pg';
import type { Sql } from '../../server/db/sql';

export interface RowLocks {
	/** Rolls the holding transaction back and closes its connection. */
	release(): Promise<void>;
}

/**
 * Another session's transaction holding the rows `lockSql` (a SELECT … FOR UPDATE) returns, or the keys it
 * inserts, until released (rolled back), as another process's transaction in progress would: what meets them
 * waits, or skips them (SKIP LOCKED).
 */
export async function holdRowLocks(databaseUrl: string, lockSql: string, values: unknown[] = []): Promise<RowLocks> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	await client.query('BEGIN');
	await client.query(lockSql, values);
	let released = false;
	return {
		async release() {
			if (released) return;
			released = true;
			await client.query('ROLLBACK');
			await client.end();
		}
	};
}

/** How many connections to sql's database wait on a lock (requests behind rows holdRowLocks holds, say). */
export async function lockWaiters(sql: Sql): Promise<number> {
	const row = await sql.get<{ n: number }>(
		`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
	);
	return row!.n;
}
