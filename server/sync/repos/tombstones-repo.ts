import type { Sql } from '../../db/sql';

export type TombstoneKind = 'folder' | 'subscription';

export async function writeTombstone(
	sql: Sql,
	userId: number,
	kind: TombstoneKind,
	id: string,
	now: number,
	version: number
): Promise<void> {
	await sql.run(
		`INSERT INTO tombstones (user_id, kind, id, deleted_at, version) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (user_id, kind, id) DO UPDATE SET deleted_at = excluded.deleted_at, version = excluded.version`,
		[userId, kind, id, now, version]
	);
}

export async function hasTombstone(sql: Sql, userId: number, kind: TombstoneKind, id: string): Promise<boolean> {
	return (
		(await sql.get<{ n: number }>('SELECT 1 AS n FROM tombstones WHERE user_id = ? AND kind = ? AND id = ?', [
			userId,
			kind,
			id
		])) !== undefined
	);
}

export function tombstonesBetween(
	sql: Sql,
	userId: number,
	after: number,
	upTo: number
): Promise<{ kind: TombstoneKind; id: string }[]> {
	return sql.all<{ kind: TombstoneKind; id: string }>(
		'SELECT kind, id FROM tombstones WHERE user_id = ? AND version > ? AND version <= ? ORDER BY version',
		[userId, after, upTo]
	);
}

/** Removes folder and subscription tombstones deleted before `before`; returns the highest version removed. */
export async function pruneTombstonesBefore(sql: Sql, before: number): Promise<number> {
	const row = (await sql.get<{ v: number | null }>('SELECT max(version) AS v FROM tombstones WHERE deleted_at < ?', [
		before
	]))!;
	if (row.v === null) return 0;
	await sql.run('DELETE FROM tombstones WHERE deleted_at < ?', [before]);
	return row.v;
}

/** Cookies older than the horizon get a reset: a deletion they would need is gone. Only ever moves forward. */
export async function raiseTombstoneHorizon(sql: Sql, version: number): Promise<void> {
	await sql.run('UPDATE sync_horizon SET version = CASE WHEN version > ? THEN version ELSE ? END WHERE id = 1', [
		version,
		version
	]);
}
