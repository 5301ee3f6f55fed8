import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../server/db/pg/migrate';
import { createPool } from '../../server/db/pg/pool';
import { postgresBinDir } from '../../scripts/ensure-postgres.mjs';
import { createDatabase, startPostgresCluster, type PostgresCluster } from './postgres-cluster';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The throwaway cluster's maintenance database, or null when PostgreSQL is not installed. */
		postgresUrl: string | null;
		/** A database on that cluster migrated to the latest schema, to copy test servers' databases from. */
		postgresTemplate: string | null;
	}
}

interface SharedCluster {
	ready: Promise<{ cluster: PostgresCluster; template: string }>;
	users: number;
}

/**
 * vitest runs every project's globalSetup in the one main process, one after another: the projects share one
 * cluster (started by the first, stopped by the last teardown) instead of starting one each.
 */
const shared = globalThis as { tidingsPostgres?: SharedCluster };

async function start(): Promise<{ cluster: PostgresCluster; template: string }> {
	const cluster = await startPostgresCluster();
	// Migrated once here; each test server's database is a copy of it (CREATE DATABASE … TEMPLATE, a file copy),
	// then migrated again by the server as it starts, which finds nothing left to apply.
	const templateUrl = await createDatabase(cluster.url, 'template');
	const pool = createPool(templateUrl);
	try {
		await migratePostgres(pool);
	} finally {
		await pool.end();
	}
	return { cluster, template: new URL(templateUrl).pathname.slice(1) };
}

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, stopped and removed at its end. Test
 * files take a fresh database each from it (tests/support/postgres-database.ts). Without PostgreSQL installed
 * the run goes on, and only the tests that need it fail, saying how to install it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
	if (!postgresBinDir()) {
		project.provide('postgresUrl', null);
		project.provide('postgresTemplate', null);
		return undefined;
	}
	const entry = (shared.tidingsPostgres ??= { ready: start(), users: 0 });
	entry.users++;
	const { cluster, template } = await entry.ready;
	project.provide('postgresUrl', cluster.url);
	project.provide('postgresTemplate', template);
	return async () => {
		if (--entry.users > 0) return;
		delete shared.tidingsPostgres;
		await cluster.stop();
	};
}
