import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../server/db/checkpointer';
import { openDatabase } from '../../server/db/open';
import { createLogger } from '../../server/log';
import { mountSmallFilesystem } from './support/small-filesystem';

/** How often the worker checkpoints here: slow enough that the test can fill the disk between two of them. */
const INTERVAL_MS = 1000;

const smallFs = mountSmallFilesystem(16);
afterAll(() => smallFs?.unmount());

describe('the WAL checkpointer on a full disk', () => {
	it.skipIf(!smallFs)('waits the full disk out, and copies the WAL into the database once space is back', async () => {
		const file = path.join(smallFs!.dir, 'tidings.db');
		const db = openDatabase(file, { busyTimeoutMs: 1000 });
		const logged: string[] = [];
		const lines = new EventEmitter();
		const logger = createLogger('info', {
			write: (line: string) => {
				logged.push(line);
				lines.emit('line');
			}
		});
		const loggedLine = async (text: string) => {
			while (!logged.some((line) => line.includes(text))) await once(lines, 'line');
		};
		const checkpointer = new WalCheckpointer(db, logger, {
			activeIntervalMs: INTERVAL_MS,
			idleIntervalMs: INTERVAL_MS
		});
		try {
			expect(await checkpointer.ready).toBe(true);
			// About 2 MB of new pages, in the WAL only: the database file must grow to take them, and the server's own
			// threshold (10000 pages) is far above them, so only the worker can move them.
			db.exec('CREATE TABLE filler (body BLOB)');
			// Measured first, so that a checkpoint that still got in before the disk filled up cannot fail the test.
			const before = fs.statSync(file).size;
			db.prepare(
				'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) ' +
					'INSERT INTO filler (body) SELECT randomblob(3000) FROM n'
			).run();
			smallFs!.fill();
			// The worker's checkpoint fails to grow the database file, and it says so.
			await loggedLine('the disk is full');
			smallFs!.free();
			await loggedLine('disk space is back');
			expect(fs.statSync(file).size).toBeGreaterThan(before + 1024 * 1024);
			expect(checkpointer.running).toBe(true);
			expect(logged.join('')).not.toContain('checkpointer thread stopped');
		} finally {
			smallFs!.free();
			await checkpointer.close();
			db.close();
		}
	});
});
