import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { readMigrations, type Migration } from '../migrate';
import { ADVISORY_LOCKS, LOCK_NAMESPACE } from './advisory-locks';

/**
 * Beside this module in the sources (server/db/pg/migrations); in the build, where every module is one file,
 * dist/pg-migrations beside dist/migrations (SQLite's), copied there by scripts/build-server.mjs.
 */
const MIGRATIONS_DIR = [
	path.join(import.meta.dirname, 'pg-migrations'),
	path.join(import.meta.dirname, 'migrations')
].find((dir) => fs.existsSync(path.join(dir, '001_init.sql')))!;

export function readPostgresMigrations(dir = MIGRATIONS_DIR): Migration[] {
	return readMigrations(dir);
}

/**
 * Applies each numbered migration not yet in schema_migrations, each in its own transaction, so a failing one
 * leaves the database as it was. A session advisory lock held throughout makes a second process starting at the
 * same moment wait, then find the migrations applied; it is released with the connection if this process dies.
 */
export async function migratePostgres(pool: pg.Pool, migrations = readPostgresMigrations()): Promise<number[]> {
	const client = await pool.connect();
	const applied: number[] = [];
	try {
		await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, ADVISORY_LOCKS.migrations]);
		await client.query(
			`CREATE TABLE IF NOT EXISTS schema_migrations (
			   version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL
			 )`
		);
		const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
		const done = new Set(rows.map((row) => row.version));
		for (const migration of migrations) {
			if (done.has(migration.version)) continue;
			await client.query('BEGIN');
			try {
				await client.query(migration.sql);
				await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
					migration.version,
					migration.name,
					Date.now()
				]);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw new Error(`PostgreSQL migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
			}
			applied.push(migration.version);
		}
		await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, ADVISORY_LOCKS.migrations]);
		client.release();
	} catch (error) {
		// The connection may still hold the lock or an aborted transaction: close it rather than pool it.
		client.release(true);
		throw error;
	}
	return applied;
}
