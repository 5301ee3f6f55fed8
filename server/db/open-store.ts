import type { Config } from '../config';
import { openDatabase, type Db } from './open';
import { openPostgres } from './pg/pg-store';
import type { Store } from './sql';
import { SqliteStore } from './sqlite-store';
import { checkDataDir } from './startup-check';

/** The server's database, opened and migrated. */
export interface OpenedStore {
	store: Store;
	/** The SQLite connection underneath, for what only SQLite has (WAL checkpoints); null on PostgreSQL. */
	sqlite: Db | null;
}

/**
 * PostgreSQL when DATABASE_URL names one (migrated to the latest schema; several server processes may share it),
 * otherwise the SQLite file in DATA_DIR (checked first, so a file that is not a database is left alone).
 */
export async function openStore(config: Config): Promise<OpenedStore> {
	if (config.DATABASE_URL) return { store: await openPostgres(config.DATABASE_URL), sqlite: null };
	checkDataDir(config.DATA_DIR, config.databasePath);
	const sqlite = openDatabase(config.databasePath, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
	return { store: new SqliteStore(sqlite), sqlite };
}
