import { createHash } from 'node:crypto';
import type { Db } from '../../../server/db/open';
import type { Sql } from '../../../server/db/sql';

/** Every table of the database but SQLite's own and its FTS shadow tables (they mirror `entries`). */
async function tableNames(sql: Sql): Promise<string[]> {
	const rows = await sql.all<{ name: string }>(
		sql.dialect === 'sqlite'
			? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			   AND name NOT LIKE '%_fts%' ORDER BY name`
			: `SELECT table_name AS name FROM information_schema.tables
			   WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	);
	return rows.map((row) => row.name);
}

/** A fingerprint of every row of every table, so a test can prove that a rejected request changed nothing. */
export async function snapshotDatabase(sql: Sql): Promise<string> {
	const hash = createHash('sha256');
	for (const table of await tableNames(sql)) {
		// Sorted as text: some tables are WITHOUT ROWID, and row order is not what this compares.
		const rows = (await sql.all<Record<string, unknown>>(`SELECT * FROM "${table}"`)).map((row) =>
			JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))
		);
		hash.update(`\u0000${table}\u0000${rows.sort().join('\n')}`);
	}
	return hash.digest('hex');
}

export function integrityCheck(db: Db): string {
	return db.pragma('integrity_check', { simple: true }) as string;
}
