import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WalCheckpointer, type WalCheckpointerOptions } from '../../../server/db/checkpointer';
import { openDatabase, type Db } from '../../../server/db/open';
import { createLogger, type Logger } from '../../../server/log';
import { makeDataDir } from '../../support/test-server';

const PAGE = 4096;
const ROWS = 3000;

/** About ROWS pages of new rows (3000 bytes do not fit twice in a 4 KiB page), in transactions of 100. */
function writePages(db: Db): void {
	db.exec('CREATE TABLE filler (body BLOB)');
	const insert = db.prepare(
		'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) ' +
			'INSERT INTO filler (body) SELECT randomblob(3000) FROM n'
	);
	for (let done = 0; done < ROWS; done += 100) insert.run();
}

const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true });
const fileSize = (file: string) => fs.statSync(file).size;

describe('the WAL checkpointer', () => {
	let cleanup: (() => void | Promise<void>)[] = [];
	afterEach(async () => {
		for (const step of cleanup.reverse()) await step();
		cleanup = [];
	});

	/** A database file of its own and a logger whose lines the test can read. */
	function setup(): { db: Db; file: string; logged: string[]; logger: Logger } {
		const dataDir = makeDataDir();
		cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
		const file = path.join(dataDir, 'tidings.db');
		const db = openDatabase(file, { busyTimeoutMs: 1000 });
		const logged: string[] = [];
		const logger = createLogger('info', { write: (line: string) => void logged.push(line) });
		return { db, file, logged, logger };
	}

	function start(db: Db, logger: Logger, options: Partial<WalCheckpointerOptions> = {}): WalCheckpointer {
		const checkpointer = new WalCheckpointer(db, logger, options);
		cleanup.push(async () => {
			await checkpointer.close();
			db.close();
		});
		return checkpointer;
	}

	it('copies what the server commits into the database file while the server itself only keeps a safety net', async () => {
		const { db, file, logger } = setup();
		const checkpointer = start(db, logger);
		expect(await checkpointer.ready).toBe(true);
		expect(autocheckpoint(db)).toBe(10_000);

		const before = fileSize(file);
		writePages(db);
		// Only the worker can have moved these pages into the file: the server's own threshold is above them.
		await vi.waitFor(() => expect(fileSize(file)).toBeGreaterThanOrEqual(before + ROWS * PAGE), {
			timeout: 10_000,
			interval: 50
		});
		expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(ROWS);
	});

	it('lets the WAL start over once it has caught up, so it stays small with no other checkpoint at all', async () => {
		const { db, file, logger } = setup();
		const checkpointer = start(db, logger, { safetyNetPages: 0 });
		expect(await checkpointer.ready).toBe(true);
		expect(autocheckpoint(db)).toBe(0);
		db.exec('CREATE TABLE filler (body BLOB)');
		const insert = db.prepare('INSERT INTO filler (body) SELECT randomblob(3000)');
		const rounds = 10;
		const pagesPerRound = 100;
		for (let round = 0; round < rounds; round += 1) {
			db.transaction(() => {
				for (let i = 0; i < pagesPerRound; i += 1) insert.run();
			})();
			// Once the file holds every page, the worker has copied the whole WAL: the next write starts it over.
			const pages = db.pragma('page_count', { simple: true }) as number;
			await vi.waitFor(() => expect(fileSize(file)).toBeGreaterThanOrEqual(pages * PAGE), {
				timeout: 10_000,
				interval: 20
			});
		}
		// The WAL file never shrinks: its size is the most it ever held, a round or two, not all ten.
		expect(fs.statSync(`${file}-wal`).size).toBeLessThan(4 * pagesPerRound * PAGE);
	});

	it('ends its worker and closes its connection on close, and gives checkpoints back to the server', async () => {
		const { db, file, logger } = setup();
		const checkpointer = new WalCheckpointer(db, logger);
		expect(await checkpointer.ready).toBe(true);
		await checkpointer.close();
		expect(checkpointer.running).toBe(false);
		expect(autocheckpoint(db)).toBe(1000);
		// The last connection to close removes the WAL: only true if the worker's connection is gone too.
		db.close();
		expect(fs.existsSync(`${file}-wal`)).toBe(false);
	});

	it('sets the server back to SQLite default checkpoints, with a warning, when its worker cannot start', async () => {
		const { db, file, logged, logger } = setup();
		// The server's connection keeps its open file; the worker finds no file to open.
		fs.rmSync(file);
		const checkpointer = start(db, logger);
		expect(await checkpointer.ready).toBe(false);
		await vi.waitFor(() => expect(checkpointer.running).toBe(false));
		expect(autocheckpoint(db)).toBe(1000);
		const warning = logged.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.level === 40);
		expect(warning?.failure).toMatch(/SQLITE_CANTOPEN/);
	});

	it.each([
		['an in-memory database', () => openDatabase(':memory:', { busyTimeoutMs: 1000 })],
		[
			'a read-only one',
			() => {
				const { db, file } = setup();
				db.close();
				return openDatabase(file, { busyTimeoutMs: 1000, readonly: true });
			}
		]
	])('starts no worker for %s and leaves its checkpoints alone', async (_, open) => {
		const db = open();
		const checkpointer = start(db, createLogger('silent'));
		expect(checkpointer.running).toBe(false);
		expect(await checkpointer.ready).toBe(false);
		expect(autocheckpoint(db)).toBe(1000);
	});
});
