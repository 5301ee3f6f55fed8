import type { Sql } from '../../db/sql';

export interface SyncClientRow {
	client_id: string;
	user_id: number;
	last_mutation_id: number;
}

/**
 * The client's row, made for this user on its first push. The row is looked up by client id alone because a
 * client id belongs to whoever used it first: the caller compares `user_id` and refuses anyone else.
 *
 * On PostgreSQL the row stays locked (FOR UPDATE) until the push commits: the same device's retry handled by
 * another process waits here, then reads the last mutation id this push stored, so each mutation applies once.
 * SQLite's write transaction already excludes every other writer.
 */
export async function claimSyncClient(sql: Sql, clientId: string, userId: number, now: number): Promise<SyncClientRow> {
	await sql.run(
		`INSERT INTO sync_clients (client_id, user_id, last_mutation_id, created_at, last_seen_at) VALUES (?, ?, 0, ?, ?)
		 ON CONFLICT (client_id) DO NOTHING`,
		[clientId, userId, now, now]
	);
	const lock = sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
	const row = await sql.get<SyncClientRow>(
		`SELECT client_id, user_id, last_mutation_id FROM sync_clients WHERE client_id = ?${lock}`,
		[clientId]
	);
	return row!;
}

export async function recordPush(
	sql: Sql,
	userId: number,
	clientId: string,
	lastMutationId: number,
	now: number
): Promise<void> {
	await sql.run('UPDATE sync_clients SET last_mutation_id = ?, last_seen_at = ? WHERE client_id = ? AND user_id = ?', [
		lastMutationId,
		now,
		clientId,
		userId
	]);
}

export interface RejectionRow {
	mutation_id: number;
	code: string;
	message: string | null;
}

/** Remembers a refusal, so a duplicate of the mutation can be answered with it (see push-service.ts). */
export async function recordRejection(sql: Sql, clientId: string, rejection: RejectionRow): Promise<void> {
	await sql.run(
		`INSERT INTO sync_rejections (client_id, mutation_id, code, message) VALUES (?, ?, ?, ?)
		 ON CONFLICT (client_id, mutation_id) DO UPDATE SET code = excluded.code, message = excluded.message`,
		[clientId, rejection.mutation_id, rejection.code, rejection.message]
	);
}

/** The refusals of this client's mutations `fromId` to `toId`, for the duplicates of a push. */
export function rejectionsBetween(sql: Sql, clientId: string, fromId: number, toId: number): Promise<RejectionRow[]> {
	return sql.all<RejectionRow>(
		'SELECT mutation_id, code, message FROM sync_rejections WHERE client_id = ? AND mutation_id BETWEEN ? AND ?',
		[clientId, fromId, toId]
	);
}

/** Forgets the refusals before `mutationId`: the client has their answers, since it pushes past them. */
export async function forgetRejectionsBefore(sql: Sql, clientId: string, mutationId: number): Promise<void> {
	await sql.run('DELETE FROM sync_rejections WHERE client_id = ? AND mutation_id < ?', [clientId, mutationId]);
}
