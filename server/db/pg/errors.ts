/**
 * PostgreSQL's errors that mean "try again later" (design.md: 503 with Retry-After, never 401), by SQLSTATE:
 * connection exceptions (class 08), serialization failures and deadlocks (40001, 40P01), insufficient resources
 * (class 53: too many connections, disk full, out of memory), a lock not available (55P03), a cancelled
 * statement (57014: statement_timeout) and the server shutting down or starting (57P01-57P03). pg's own
 * connection failures carry a Node error code, or none and only a message.
 */
const TRANSIENT_SQLSTATE = /^(08|53)|^(40001|40P01|55P03|57014|57P0[123])$/;
const TRANSIENT_NODE_CODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const TRANSIENT_MESSAGE =
	/^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end)/;

export function isTransientPostgresError(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string') return TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODE.has(code);
	return TRANSIENT_MESSAGE.test(error.message);
}
