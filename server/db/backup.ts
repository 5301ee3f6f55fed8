import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './open';

/**
 * An online backup through SQLite's backup API: consistent even while the server keeps writing, unlike
 * copying the file (which can catch the database between its main file and its WAL).
 */
export async function backupDatabase(db: Db, destination: string): Promise<{ pages: number }> {
	fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
	const result = await db.backup(destination);
	return { pages: result.totalPages };
}
