import type { Server } from 'node:http';
import { createApp } from './app';
import { describeConfig, loadConfig } from './config';
import { WalCheckpointer } from './db/checkpointer';
import { openDatabase, type Db } from './db/open';
import { SqliteStore } from './db/sqlite-store';
import { checkDataDir, explainOpenError, StartupError } from './db/startup-check';
import { FeedEngine } from './feeds/engine/feed-engine';
import { createLogger } from './log';
import { mediaKey } from './media/media-key';
import { restampStoredMedia } from './media/restamp-stored';
import { ChangeBus } from './sync/change-bus';
import { DRAIN_MS } from './shutdown-budget';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
logger.info({ config: describeConfig(config) }, 'starting Tidings');

const db = openOrExit();

/** Problems the operator must fix (a damaged database, an unusable DATA_DIR) end the process with one line. */
function openOrExit(): Db {
	try {
		checkDataDir(config.DATA_DIR, config.databasePath);
		return openDatabase(config.databasePath, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
	} catch (err) {
		const reason = err instanceof StartupError ? err : explainOpenError(err, config.databasePath);
		if (!reason) throw err;
		logger.fatal(reason.message);
		process.stderr.write(`Tidings cannot start: ${reason.message}\n`);
		process.exit(1);
	}
}
const store = new SqliteStore(db);
const checkpointer = new WalCheckpointer(db, logger);
const bus = new ChangeBus();
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
			await checkpointer.close();
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
