import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

export type TombstoneKind = 'folder' | 'subscription';

export function writeTombstone(
	db: Db,
	userId: number,
	kind: TombstoneKind,
	id: string,
	now: number,
	version: number
): void {
	stmt(
		db,
		`INSERT INTO tombstones (user_id, kind, id, deleted_at, version) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (user_id, kind, id) DO UPDATE SET deleted_at = excluded.deleted_at, version = excluded.version`
	).run(userId, kind, id, now, version);
}

export function hasTombstone(db: Db, userId: number, kind: TombstoneKind, id: string): boolean {
	return (
		stmt<[number, string, string], { n: number }>(
			db,
			'SELECT 1 AS n FROM tombstones WHERE user_id = ? AND kind = ? AND id = ?'
		).get(userId, kind, id) !== undefined
	);
}

export function tombstonesBetween(
	db: Db,
	userId: number,
	after: number,
	upTo: number
): { kind: TombstoneKind; id: string }[] {
	return stmt<[number, number, number], { kind: TombstoneKind; id: string }>(
		db,
		'SELECT kind, id FROM tombstones WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version'
	).all(userId, after, upTo);
}

/** Removes folder and subscription tombstones deleted before `before`; returns the highest version removed. */
export function pruneTombstonesBefore(db: Db, before: number): number {
	const row = stmt<[number], { v: number | null }>(
		db,
		'SELECT max(version) AS v FROM tombstones WHERE deleted_at < ?'
	).get(before)!;
	if (row.v === null) return 0;
	stmt(db, 'DELETE FROM tombstones WHERE deleted_at < ?').run(before);
	return row.v;
}

export function getTombstoneHorizon(db: Db): number {
	return stmt<[], { version: number }>(db, 'SELECT version FROM sync_horizon WHERE id = 1').get()!.version;
}

/** Cookies older than the horizon get a reset: a deletion they would need is gone. Only ever moves forward. */
export function raiseTombstoneHorizon(db: Db, version: number): void {
	stmt(db, 'UPDATE sync_horizon SET version = max(version, ?) WHERE id = 1').run(version);
}
