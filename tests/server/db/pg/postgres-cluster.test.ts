import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../../support/postgres-cluster';
import { freshPostgresDatabase } from '../../../support/postgres-database';

async function query<R extends pg.QueryResultRow>(config: string | pg.ClientConfig, sql: string): Promise<R[]> {
	const client = new pg.Client(typeof config === 'string' ? { connectionString: config } : config);
	await client.connect();
	try {
		return (await client.query<R>(sql)).rows;
	} finally {
		await client.end();
	}
}

describe('the run’s throwaway cluster', () => {
	it('gives each caller a new, empty database', async () => {
		const [first, second] = await Promise.all([freshPostgresDatabase(), freshPostgresDatabase()]);
		expect(first).not.toBe(second);
		const tables = await query(first, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
		expect(tables).toEqual([]);
		await query(first, 'CREATE TABLE only_here (id int)');
		expect(await query(second, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
	});
});

describe('a cluster of its own', () => {
	let cluster: PostgresCluster;
	beforeAll(async () => {
		cluster = await startPostgresCluster();
	});
	afterAll(() => cluster?.stop());

	it('runs as a user other than root, from a temporary directory, on a port and a unix socket', async () => {
		const [row] = await query<{ data_directory: string }>(
			cluster.url,
			`SELECT current_setting('data_directory') AS data_directory`
		);
		const dataDir = row!.data_directory;
		expect(dataDir.startsWith(cluster.socketDir)).toBe(true);
		expect(fs.statSync(dataDir).uid).not.toBe(0);
		expect(new URL(cluster.url).port).not.toBe('5432');
		const viaSocket = await query<{ one: number }>(
			{ host: cluster.socketDir, port: Number(new URL(cluster.url).port), user: 'tidings', database: 'postgres' },
			'SELECT 1 AS one'
		);
		expect(viaSocket).toEqual([{ one: 1 }]);
	});

	it('stops and leaves nothing behind', async () => {
		const second = await startPostgresCluster();
		await query(second.url, 'SELECT 1');
		await second.stop();
		expect(fs.existsSync(second.socketDir)).toBe(false);
		await expect(query(second.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
	});
});
