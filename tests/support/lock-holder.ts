import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Another process that takes SQLite's write lock (BEGIN IMMEDIATE and a write) on the file and holds it until
 * released, like a backup script or a second server would; with `releaseAfterMs`, it commits by itself then (a
 * server in this process may be waiting for the lock synchronously, unable to ask).
 */
export async function holdWriteLock(
	databasePath: string,
	options: { releaseAfterMs?: number } = {}
): Promise<{ release(): Promise<void>; released: Promise<void> }> {
	const script = `
		const Database = require('better-sqlite3');
		const db = new Database(${JSON.stringify(databasePath)});
		db.pragma('busy_timeout = 5000');
		db.exec('BEGIN IMMEDIATE');
		db.prepare("INSERT INTO server_settings (key, value) VALUES ('lock-holder', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1").run();
		process.stdout.write('locked\\n');
		const release = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
		process.stdin.on('data', release);
		${options.releaseAfterMs === undefined ? '' : `setTimeout(release, ${options.releaseAfterMs});`}
	`;
	const child: ChildProcess = spawn(process.execPath, ['-e', script], {
		cwd: ROOT,
		stdio: ['pipe', 'pipe', 'inherit']
	});
	const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		child.stdout!.once('data', () => resolve());
		void released.then(() => reject(new Error(`lock holder exited early with ${child.exitCode}`)));
	});
	return {
		released,
		release: () => {
			if (child.exitCode === null) child.stdin!.write('release\n');
			return released;
		}
	};
}
