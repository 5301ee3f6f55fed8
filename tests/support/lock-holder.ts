import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Another process that takes SQLite's write lock (BEGIN IMMEDIATE and a write) on the file and holds it until
 * released, like a backup script or a second server would.
 */
export async function holdWriteLock(databasePath: string): Promise<{ release(): Promise<void> }> {
	const script = `
		const Database = require('better-sqlite3');
		const db = new Database(${JSON.stringify(databasePath)});
		db.pragma('busy_timeout = 5000');
		db.exec('BEGIN IMMEDIATE');
		db.prepare("INSERT INTO server_settings (key, value) VALUES ('lock-holder', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1").run();
		process.stdout.write('locked\\n');
		process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
	`;
	const child: ChildProcess = spawn(process.execPath, ['-e', script], {
		cwd: ROOT,
		stdio: ['pipe', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout!.once('data', () => resolve());
		child.once('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
	});
	return {
		release: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.stdin!.write('release\n');
			})
	};
}
