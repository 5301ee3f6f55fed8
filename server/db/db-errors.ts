import { SqliteError } from 'better-sqlite3';

/** A row the database refused for a constraint (unique, foreign key, check, not null), on either store. */
export function isConstraintError(err: unknown): boolean {
	if (err instanceof SqliteError) return err.code.startsWith('SQLITE_CONSTRAINT');
	// PostgreSQL's SQLSTATE class 23 (integrity constraint violation), as node-postgres reports it.
	const code = (err as { code?: unknown; severity?: unknown } | null)?.code;
	return (
		typeof code === 'string' && code.startsWith('23') && typeof (err as { severity?: unknown }).severity === 'string'
	);
}
