import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './open';

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
const FILE_PATTERN = /^(\d{3})_[\w-]+\.sql$/;

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
	return fs
		.readdirSync(dir)
		.filter((name) => FILE_PATTERN.test(name))
		.map((name) => ({
			version: Number(FILE_PATTERN.exec(name)![1]),
			name,
			sql: fs.readFileSync(path.join(dir, name), 'utf8')
		}))
		.sort((a, b) => a.version - b.version);
}

/**
 * Applies each numbered migration above the database's user_version in its own IMMEDIATE transaction, so a
 * failing migration leaves the database as it was and two servers starting at once cannot both apply one.
 */
export function migrate(db: Db, migrations = readMigrations()): number[] {
	const applied: number[] = [];
	for (const migration of migrations) {
		db.transaction(() => {
			const current = db.pragma('user_version', { simple: true }) as number;
			if (migration.version <= current) return;
			db.exec(migration.sql);
			db.pragma(`user_version = ${migration.version}`);
			applied.push(migration.version);
		}).immediate();
	}
	return applied;
}
