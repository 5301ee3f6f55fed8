import { createHash } from 'node:crypto';
import type { Db } from '../../../server/db/open';

/**
 * A fingerprint of every row of every table, so a test can prove that a rejected request changed nothing.
 * FTS shadow tables are skipped: they mirror `entries` and are rebuilt from it.
 */
export function snapshotDatabase(db: Db): string {
	const tables = db
		.prepare(
			`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
			 AND name NOT LIKE '%_fts%' ORDER BY name`
		)
		.pluck()
		.all() as string[];
	const hash = createHash('sha256');
	for (const table of tables) {
		// Sorted as text: some tables are WITHOUT ROWID, and row order is not what this compares.
		const rows = (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((row) =>
			JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))
		);
		hash.update(`\u0000${table}\u0000${rows.sort().join('\n')}`);
	}
	return hash.digest('hex');
}

export function integrityCheck(db: Db): string {
	return db.pragma('integrity_check', { simple: true }) as string;
}
