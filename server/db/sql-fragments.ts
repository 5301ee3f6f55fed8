import type { Dialect } from './sql';

/*
 * The few expressions the two dialects write differently, for repos that build SQL text. Everything else in the
 * repos is SQL both understand.
 */

/**
 * The ids of parameter `@name` as a subquery for `IN`, given as `idList(dialect, ids)`: SQLite unpacks a JSON
 * array (one prepared statement for any number of ids), PostgreSQL takes an array.
 */
export function idsIn(dialect: Dialect, name: string): string {
	return dialect === 'postgres'
		? `(SELECT unnest(CAST(@${name} AS bigint[])))`
		: `(SELECT value FROM json_each(@${name}))`;
}

export function idList(dialect: Dialect, ids: readonly number[]): unknown {
	return dialect === 'postgres' ? ids : JSON.stringify(ids);
}

/** The larger of two values: SQLite's two-argument max() is PostgreSQL's greatest(); CASE is both. */
export function larger(a: string, b: string): string {
	return `CASE WHEN ${a} > ${b} THEN ${a} ELSE ${b} END`;
}
