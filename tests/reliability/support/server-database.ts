import path from 'node:path';
import { openPgStore } from '../../../server/db/pg/pg-store';
import type { Store } from '../../../server/db/sql';
import { SqliteStore } from '../../../server/db/sqlite-store';
import { freshPostgresDatabase } from '../../support/postgres-database';
import { makeDataDir, type Backend } from '../../support/test-server';
import { openServerDatabase } from './server-state';

/** The backends the reliability checks that hold on both run on, for describe.each. */
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

/** Where a server process (./restartable-server.ts) keeps its data, and the test's own way into it. */
export interface ServerDatabase {
	backend: Backend;
	/** DATA_DIR, plus DATABASE_URL on PostgreSQL: the server's environment. */
	env: Record<string, string>;
	/** A connection of the test's own, as another process would open it: once the server has made the database. */
	open(): Store;
}

export async function serverDatabase(backend: Backend): Promise<ServerDatabase> {
	const dataDir = makeDataDir();
	if (backend === 'sqlite') {
		return {
			backend,
			env: { DATA_DIR: dataDir },
			open: () => new SqliteStore(openServerDatabase(path.join(dataDir, 'tidings.db')))
		};
	}
	const url = await freshPostgresDatabase(backend);
	return { backend, env: { DATA_DIR: dataDir, DATABASE_URL: url }, open: () => openPgStore(url) };
}
