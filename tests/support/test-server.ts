import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { WalCheckpointer } from '../../server/db/checkpointer';
import type { Db } from '../../server/db/open';
import { openStore } from '../../server/db/open-store';
import type { Store } from '../../server/db/sql';
import type { AppDeps, FeedRefresher, RateLimits } from '../../server/deps';
import { createLogger } from '../../server/log';
import { ChangeBus } from '../../server/sync/change-bus';
import { freshPostgresDatabase, migratedPostgresDatabase } from './postgres-database';

export interface TestServer {
	url: string;
	dataDir: string;
	/**
	 * The SQLite connection, for tests about SQLite itself. Under TEST_BACKEND=postgres (the server-pg project)
	 * there is none and reading it throws: such tests belong to the SQLite-only list in vite.config.ts.
	 */
	db: Db;
	store: Store;
	deps: AppDeps;
	/** Everything the server logged, one JSON object per line, written as it is logged. */
	logFile: string;
	/** Resolves once every request answered so far has its line in logFile (the line follows the answer). */
	logged(): Promise<void>;
	close(): Promise<void>;
}

export interface TestServerOptions {
	/** The database under the server: the run's TEST_BACKEND unless a test runs on both. */
	backend?: Backend;
	env?: Record<string, string>;
	refresher?: FeedRefresher;
	rateLimits?: Partial<RateLimits>;
	now?: () => number;
	/** Extra dependencies an area adds to createApp (its engine, for example). */
	extend?: (deps: AppDeps) => Partial<AppDeps>;
}

/** Tests create many accounts from one address; the rate-limit tests set their own limits. */
const UNLIMITED: Partial<RateLimits> = {
	loginPerIp: 1000,
	loginPerUsername: 1000,
	accountCreationPerIp: 1000,
	passwordChecksPerUser: 1000,
	windowMs: 60_000
};

export function makeDataDir(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-test-'));
}

export type Backend = 'sqlite' | 'postgres';

/** The backend the server tests run on: `TEST_BACKEND=postgres` (the server-pg project), else SQLite. */
export const testBackend: Backend = process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The environment that points the server (or the CLI) at a test database: on PostgreSQL a fresh database on the
 * run's throwaway cluster (empty, or with `migrated` a copy of the run's migrated template), on SQLite nothing
 * (the file in DATA_DIR).
 */
export async function testDatabaseEnv(
	backend: Backend = testBackend,
	migrated = false
): Promise<Record<string, string>> {
	if (backend !== 'postgres') return {};
	return { DATABASE_URL: await (migrated ? migratedPostgresDatabase() : freshPostgresDatabase()) };
}

/**
 * The real app, listening on a free port, on a real database: a SQLite file in a fresh temporary directory, or
 * under TEST_BACKEND=postgres a fresh database on the run's throwaway PostgreSQL cluster.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
	const dataDir = makeDataDir();
	const config: Config = loadConfig({
		DATA_DIR: dataDir,
		LOG_LEVEL: 'info',
		...(await testDatabaseEnv(options.backend, true)),
		...options.env
	});
	const logFile = path.join(dataDir, 'server.log');
	// Written synchronously: a line is in the file once logged, and `logged()` only has to wait for the logging.
	const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, sync: true }));
	const { store, sqlite } = await openStore(config);
	const checkpointer = sqlite ? new WalCheckpointer(sqlite, logger) : null;
	const base: AppDeps = {
		config,
		store,
		logger,
		bus: new ChangeBus(),
		refresher: options.refresher ?? { requestRefresh: () => undefined },
		rateLimits: { ...UNLIMITED, ...options.rateLimits },
		now: options.now
	};
	const deps = { ...base, ...options.extend?.(base) };
	const server: Server = createApp(deps).listen(0, '127.0.0.1');
	const closing = watchResponses(server);
	await new Promise<void>((resolve) => server.once('listening', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		dataDir,
		get db(): Db {
			if (!sqlite) throw new Error('this test reads SQLite directly: list it as SQLite-only in vite.config.ts');
			return sqlite;
		},
		store,
		deps,
		logFile,
		async logged() {
			await Promise.all([...closing].filter(([res]) => res.writableEnded).map(([, closed]) => closed));
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await checkpointer?.close();
			await store.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * Each open response and a promise of its end: the request log writes a request's line when its response closes,
 * which can come after the client has the whole answer. Resolved a tick after 'close', once every listener (the
 * request log's among them) has run.
 */
function watchResponses(server: Server): Map<ServerResponse, Promise<void>> {
	const closing = new Map<ServerResponse, Promise<void>>();
	server.on('request', (_req, res: ServerResponse) => {
		const closed = new Promise<void>((resolve) =>
			res.once('close', () =>
				process.nextTick(() => {
					closing.delete(res);
					resolve();
				})
			)
		);
		closing.set(res, closed);
	});
	return closing;
}
