import type { TestProject } from 'vitest/node';
import { postgresBinDir } from '../../scripts/ensure-postgres.mjs';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The throwaway cluster's maintenance database, or null when PostgreSQL is not installed. */
		postgresUrl: string | null;
	}
}

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, stopped and removed at its end. Test
 * files take a fresh database each from it (tests/support/postgres-database.ts). Without PostgreSQL installed
 * the run goes on, and only the tests that need it fail, saying how to install it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
	if (!postgresBinDir()) {
		project.provide('postgresUrl', null);
		return undefined;
	}
	const cluster = await startPostgresCluster();
	project.provide('postgresUrl', cluster.url);
	return () => cluster.stop();
}
