import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

export interface SyncClientRow {
	client_id: string;
	user_id: number;
	last_mutation_id: number;
}

/**
 * The client's row, made for this user on its first push. The row is looked up by client id alone because a
 * client id belongs to whoever used it first: the caller compares `user_id` and refuses anyone else.
 */
export function claimSyncClient(db: Db, clientId: string, userId: number, now: number): SyncClientRow {
	stmt(
		db,
		`INSERT INTO sync_clients (client_id, user_id, last_mutation_id, created_at, last_seen_at) VALUES (?, ?, 0, ?, ?)
		 ON CONFLICT (client_id) DO NOTHING`
	).run(clientId, userId, now, now);
	return stmt<[string], SyncClientRow>(
		db,
		'SELECT client_id, user_id, last_mutation_id FROM sync_clients WHERE client_id = ?'
	).get(clientId)!;
}

export function recordPush(db: Db, userId: number, clientId: string, lastMutationId: number, now: number): void {
	stmt(db, 'UPDATE sync_clients SET last_mutation_id = ?, last_seen_at = ? WHERE client_id = ? AND user_id = ?').run(
		lastMutationId,
		now,
		clientId,
		userId
	);
}

/**
 * Who owns a client id (undefined before its first push) and its last processed mutation id, read together: a
 * pull needs both. The owner is compared by the caller, never returned to a client.
 */
export function syncClientRow(db: Db, clientId: string): Omit<SyncClientRow, 'client_id'> | undefined {
	return stmt<[string], Omit<SyncClientRow, 'client_id'>>(
		db,
		'SELECT user_id, last_mutation_id FROM sync_clients WHERE client_id = ?'
	).get(clientId);
}

export interface RejectionRow {
	mutation_id: number;
	code: string;
	message: string | null;
}

/** Remembers a refusal, so a duplicate of the mutation can be answered with it (see push-service.ts). */
export function recordRejection(db: Db, clientId: string, rejection: RejectionRow): void {
	stmt(db, 'INSERT OR REPLACE INTO sync_rejections (client_id, mutation_id, code, message) VALUES (?, ?, ?, ?)').run(
		clientId,
		rejection.mutation_id,
		rejection.code,
		rejection.message
	);
}

/** The refusals of this client's mutations `fromId` to `toId`, for the duplicates of a push. */
export function rejectionsBetween(db: Db, clientId: string, fromId: number, toId: number): RejectionRow[] {
	return stmt<[string, number, number], RejectionRow>(
		db,
		'SELECT mutation_id, code, message FROM sync_rejections WHERE client_id = ? AND mutation_id BETWEEN ? AND ?'
	).all(clientId, fromId, toId);
}

/** Forgets the refusals before `mutationId`: the client has their answers, since it pushes past them. */
export function forgetRejectionsBefore(db: Db, clientId: string, mutationId: number): void {
	stmt(db, 'DELETE FROM sync_rejections WHERE client_id = ? AND mutation_id < ?').run(clientId, mutationId);
}
