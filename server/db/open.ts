import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
	busyTimeoutMs: number;
	readonly?: boolean;
}

/**
 * Opens the database with busy_timeout set before anything else (so even switching to WAL waits for another
 * process instead of failing), then WAL, NORMAL sync (durable across application crashes; a power loss can lose
 * the last commits but never corrupts), and foreign keys; then applies pending migrations.
 */
export function openDatabase(file: string, options: OpenOptions): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const db = new Database(file, { readonly: options.readonly ?? false });
	db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
	if (!options.readonly) {
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
	}
	db.pragma('foreign_keys = ON');
	if (!options.readonly) migrate(db);
	return db;
}
