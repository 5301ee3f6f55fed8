import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../../server/db/migrate';
import { openDatabase } from '../../../server/db/open';

function tempDbPath(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-db-')), 'tidings.db');
}

describe('opening the database', () => {
	it('uses WAL, foreign keys and the busy timeout, and applies every migration once', () => {
		const file = tempDbPath();
		const db = openDatabase(file, { busyTimeoutMs: 1234 });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
		expect(db.pragma('synchronous', { simple: true })).toBe(1);
		const latest = readMigrations().at(-1)!.version;
		expect(db.pragma('user_version', { simple: true })).toBe(latest);
		db.close();

		const again = openDatabase(file, { busyTimeoutMs: 100 });
		expect(migrate(again)).toEqual([]);
		again.close();
	});

	it('rolls a failing migration back and leaves the database as it was', () => {
		const db = openDatabase(tempDbPath(), { busyTimeoutMs: 100 });
		const before = db.pragma('user_version', { simple: true }) as number;
		const broken = [
			{ version: before + 1, name: 'x.sql', sql: 'CREATE TABLE half_done (id INTEGER); SELECT * FROM no_such_table;' }
		];
		expect(() => migrate(db, broken)).toThrow(/no_such_table/);
		expect(db.pragma('user_version', { simple: true })).toBe(before);
		expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
		db.close();
	});
});
