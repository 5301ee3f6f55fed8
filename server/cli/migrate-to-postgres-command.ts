import fs from 'node:fs';
import type { Config } from '../config';
import { openDatabase } from '../db/open';
import { copySqliteToPostgres, CopyRefusedError } from '../db/pg/copy-from-sqlite';
import { isTransientPostgresError } from '../db/pg/errors';
import { openPgStore } from '../db/pg/pg-store';
import { CliError, type CliIo } from './cli-io';

/** The URL without its password, to say which database is meant. */
function describeUrl(url: URL): string {
	return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/**
 * `migrate-to-postgres`: copies DATA_DIR's SQLite database into the empty PostgreSQL database of DATABASE_URL,
 * ids, versions and client ids included, so devices go on syncing without a reset (docs/operations.md).
 */
export async function migrateToPostgresCommand(io: CliIo, config: Config, databaseUrl: string | undefined) {
	let url: URL;
	try {
		url = new URL(databaseUrl ?? '');
	} catch {
		url = new URL('invalid:');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
		throw new CliError(
			'set DATABASE_URL to the empty PostgreSQL database to copy into, e.g. postgres://tidings:PASSWORD@db:5432/tidings'
		);
	}
	if (!fs.existsSync(config.databasePath)) {
		throw new CliError(`no SQLite database at ${config.databasePath}: set DATA_DIR to the directory of tidings.db`);
	}
	const db = openDatabase(config.databasePath, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
	const store = openPgStore(databaseUrl!, { max: 2 });
	io.out(`copying ${config.databasePath} into PostgreSQL at ${describeUrl(url)}`);
	try {
		const result = await copySqliteToPostgres(db, store, (line) => io.out(line));
		const total = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
		if (result.nulsRemoved > 0) {
			io.out(`${result.nulsRemoved} texts held NUL characters, which PostgreSQL cannot store: they were left out`);
		}
		io.out(
			`done: ${total} rows in ${Object.keys(result.rows).length} tables, every count checked. ` +
				`Start the server with DATABASE_URL set; devices keep syncing where they were.`
		);
	} catch (error) {
		if (error instanceof CopyRefusedError) throw new CliError(error.message);
		if (isTransientPostgresError(error)) {
			throw new CliError(`cannot reach PostgreSQL at ${describeUrl(url)}: ${(error as Error).message}`);
		}
		throw error;
	} finally {
		await store.close();
		db.close();
	}
}
