import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Counts, ids, versions and epoch-millisecond timestamps are BIGINT on PostgreSQL and numbers everywhere else in
 * the server (as on SQLite), so int8 comes back as a number; pg's default is a string, because int8 can exceed
 * 2^53. None of ours can, and one that did would be a bug to stop at, not a value to round silently.
 */
function parseInt8(text: string): number {
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond 2^53`);
	return value;
}

/** Per pool rather than pg.types.setTypeParser, so another user of pg in the same process keeps its defaults. */
const types: pg.CustomTypesConfig = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
		if (oid === INT8) return parseInt8;
		// sum() and avg() answer NUMERIC.
		if (oid === NUMERIC) return Number;
		return pg.types.getTypeParser(oid, format);
	}) as pg.CustomTypesConfig['getTypeParser']
};

export interface PoolOptions {
	/** Connections in the pool (pg's default: 10). */
	max?: number;
	/**
	 * How long a statement waits for a free connection, or for a new one to be made, before it fails with an error
	 * that means "later" (a 503): pg's default is to wait forever, so a pool exhausted by slow statements, or a
	 * database host that does not answer, would hang every request instead.
	 */
	connectionTimeoutMs?: number;
}

/** A pg pool for DATABASE_URL whose int8 and numeric columns arrive as numbers. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
	return new pg.Pool({
		connectionString: url,
		types,
		max: options.max,
		connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
		// Named in pg_stat_activity; TCP keepalive so a connection that a NAT or proxy dropped is noticed.
		application_name: 'tidings',
		keepAlive: true
	});
}
