import fs from 'node:fs';
import path from 'node:path';

/** A reason the server cannot start that the operator can fix: printed as one line, without a stack trace. */
export class StartupError extends Error {
	override name = 'StartupError';
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SEE_DOCS = 'see docs/operations.md';

/**
 * Checks DATA_DIR and the database file before SQLite opens it, because opening writes (WAL mode, migrations):
 * a file that is not a database must be left exactly as it is, for the operator to restore or inspect.
 */
export function checkDataDir(dataDir: string, databasePath: string): void {
	const dirStat = statOrUndefined(dataDir);
	if (dirStat && !dirStat.isDirectory()) {
		throw new StartupError(`DATA_DIR ${dataDir} is a file, not a directory: set DATA_DIR to a directory (${SEE_DOCS})`);
	}
	try {
		fs.mkdirSync(dataDir, { recursive: true });
		// Permission bits do not stop root; a real write does tell a read-only file system apart.
		const probe = path.join(dataDir, `.write-check-${process.pid}`);
		fs.writeFileSync(probe, '');
		fs.rmSync(probe);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code ?? 'error';
		throw new StartupError(
			`DATA_DIR ${dataDir} cannot be written (${code}): make it writable for the server's user, or mount it read-write (${SEE_DOCS})`
		);
	}
	const dbStat = statOrUndefined(databasePath);
	if (!dbStat || dbStat.size === 0) return;
	if (!dbStat.isFile()) throw new StartupError(`${databasePath} is not a file: move it away (${SEE_DOCS})`);
	const header = Buffer.alloc(SQLITE_HEADER.length);
	const fd = fs.openSync(databasePath, 'r');
	try {
		fs.readSync(fd, header, 0, header.length, 0);
	} finally {
		fs.closeSync(fd);
	}
	if (!header.equals(SQLITE_HEADER)) {
		throw new StartupError(
			`${databasePath} is not a SQLite database (damaged or replaced); it was not changed. Restore it from a backup (${SEE_DOCS}, "Back up")`
		);
	}
}

/** What SQLite says when opening fails on a damaged file, as one line for the operator. */
export function explainOpenError(err: unknown, databasePath: string): StartupError | undefined {
	const code = (err as { code?: unknown }).code;
	if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
		return new StartupError(`${databasePath} is damaged (${code}): restore it from a backup (${SEE_DOCS}, "Back up")`);
	}
	if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
		return new StartupError(`${databasePath} cannot be opened for writing (${code}): check DATA_DIR (${SEE_DOCS})`);
	}
	return undefined;
}

function statOrUndefined(file: string): fs.Stats | undefined {
	try {
		return fs.statSync(file);
	} catch {
		return undefined;
	}
}
