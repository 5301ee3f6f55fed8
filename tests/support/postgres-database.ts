import { inject } from 'vitest';
import { createDatabase } from './postgres-cluster';

function clusterUrl(): string {
	const serverUrl = inject('postgresUrl');
	if (!serverUrl) {
		throw new Error('PostgreSQL is not installed: run `node scripts/ensure-postgres.mjs` (as root), then the tests.');
	}
	return serverUrl;
}

/**
 * A new, empty database on the run's throwaway cluster (tests/support/postgres-setup.ts), for one test file or
 * one test: its URL, as DATABASE_URL would give it.
 */
export async function freshPostgresDatabase(prefix?: string): Promise<string> {
	return createDatabase(clusterUrl(), prefix);
}

/**
 * A new database already at the latest schema, copied from the run's migrated template: what a test server
 * needs, without running every migration again for each one (the server still runs its migrations on start,
 * and finds them applied).
 */
export async function migratedPostgresDatabase(prefix?: string): Promise<string> {
	return createDatabase(clusterUrl(), prefix, inject('postgresTemplate') ?? undefined);
}
