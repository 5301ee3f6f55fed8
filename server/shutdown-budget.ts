import { FETCH_TIMEOUT_MS, PARSE_JOB_TIMEOUT_MS } from './feeds/refresh-limits';

/** How long requests in flight may take to finish after SIGTERM before their connections are closed. */
export const DRAIN_MS = 10_000;

/** Closing the checkpointer and the database after both, with room to spare. */
const CLOSE_MS = 5_000;

/**
 * The longest a graceful shutdown takes: the drain runs beside the feed engine's stop, which waits for the
 * refreshes in flight, each bounded by its fetch timeout plus its parse timeout. fly.toml's kill_timeout must
 * cover it, or the platform kills the server mid-write (tests/server/deploy/deployment.test.ts).
 */
export const SHUTDOWN_BUDGET_MS = Math.max(DRAIN_MS, FETCH_TIMEOUT_MS + PARSE_JOB_TIMEOUT_MS) + CLOSE_MS;
