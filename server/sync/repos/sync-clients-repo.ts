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
