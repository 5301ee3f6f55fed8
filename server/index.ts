import type { Server } from 'node:http';
import { createApp } from './app';
import { usesTestPasswordHashes } from './auth/passwords';
import { describeConfig, loadConfig } from './config';
import { WalCheckpointer } from './db/checkpointer';
import { openStore, type OpenedStore } from './db/open-store';
import { explainOpenError, StartupError } from './db/startup-check';
import { FeedEngine } from './feeds/engine/feed-engine';
import { createLogger } from './log';
import { mediaKey } from './media/media-key';
import { restampStoredMedia } from './media/restamp-stored';
import { ChangeBus } from './sync/change-bus';
import { PgChangeTransport } from './sync/pg-change-transport';
import { DRAIN_MS } from './shutdown-budget';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
logger.info({ config: describeConfig(config) }, 'starting Tidings');
if (usesTestPasswordHashes()) {
	logger.warn(
		'TEST_FAST_PASSWORD_HASHES is on: new passwords get weak hashes. It is for tests; unset it for real accounts'
	);
}

const { store, sqlite } = await openOrExit();

/** Problems the operator must fix (a damaged database, an unusable DATA_DIR or database URL) end the process with one line. */
async function openOrExit(): Promise<OpenedStore> {
	try {
		return await openStore(config);
	} catch (err) {
		const reason = config.DATABASE_URL
			? new StartupError(
					`the PostgreSQL database at ${describeConfig(config).DATABASE_URL as string} cannot be used: ${(err as Error).message}`
				)
			: err instanceof StartupError
				? err
				: explainOpenError(err, config.databasePath);
		if (!reason) throw err;
		logger.fatal(reason.message);
		process.stderr.write(`Tidings cannot start: ${reason.message}\n`);
		process.exit(1);
	}
}
// SQLite's WAL is checkpointed beside the event loop; PostgreSQL does its own.
const checkpointer = sqlite ? new WalCheckpointer(sqlite, logger) : null;
const bus = new ChangeBus(
	config.DATABASE_URL
		? new PgChangeTransport({
				connectionString: config.DATABASE_URL,
				onError: (err) => logger.warn({ err }, 'the change bus lost its PostgreSQL connection; reconnecting')
			})
		: null
);
await bus.start();
const engine = new FeedEngine({ store, logger, bus, config });
const app = createApp({ config, store, logger, bus, refresher: engine });
engine.start();
// Entries stored before the proxy was on (or with another key, or before it was turned off) get their image URLs
// rewritten in the background; a failure is retried at the next start, where the rewrite stopped.
restampStoredMedia(store, mediaKey(config), logger).catch((err: unknown) =>
	logger.warn({ err }, 'rewriting the image URLs of stored entries failed; it goes on at the next start')
);

const server: Server = app.listen(config.PORT, config.HOST, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.PORT;
	logger.info({ port, dataDir: config.DATA_DIR }, `Tidings is listening on http://localhost:${port}`);
});

let stopping = false;
/** Stop accepting, let in-flight requests finish (at most DRAIN_MS), then close the database. */
function shutdown(signal: string): void {
	if (stopping) return;
	stopping = true;
	logger.info({ signal }, 'shutting down');
	const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS).unref();
	// Fetches in flight are aborted (the feeds stay due); their refreshes end before the database closes.
	const engineStopped = engine.stop();
	server.close(() => {
		clearTimeout(force);
		void engineStopped.then(async () => {
			await bus.disconnect();
			await checkpointer?.close();
			await store.close();
			logger.info('stopped');
			process.exit(0);
		});
	});
	// Idle keep-alive and server-sent-events connections would otherwise hold the server open.
	bus.close();
	server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
