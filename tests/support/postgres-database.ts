import { inject } from 'vitest';
import { createDatabase } from './postgres-cluster';

/**
 * A new, empty database on the run's throwaway cluster (tests/support/postgres-setup.ts), for one test file or
 * one test: its URL, as DATABASE_URL would give it.
 */
export async function freshPostgresDatabase(prefix?: string): Promise<string> {
	const serverUrl = inject('postgresUrl');
	if (!serverUrl) {
		throw new Error('PostgreSQL is not installed: run `node scripts/ensure-postgres.mjs` (as root), then the tests.');
	}
	return createDatabase(serverUrl, prefix);
}
