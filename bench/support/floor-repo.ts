import type { Db } from '../../server/db/open';
import type { Sql } from '../../server/db/sql';
import { stmt } from '../../server/db/statements';

/** One row write of the floor: what a mutation of the mix changes, and nothing else. */
export type FloorWrite =
	| { kind: 'subscription'; subscriptionId: string; orderKey: string }
	| { kind: 'entryState'; entryId: number; read: boolean };

/**
 * The floor a push is compared against: the same rows written with better-sqlite3 directly, in one BEGIN
 * IMMEDIATE transaction, with one version for all of them (as a push takes) and the client's last mutation id,
 * but without parsing, ownership checks, savepoints or results. Benchmark-only SQL, kept in this data-access module.
 */
export function writeFloor(db: Db, userId: number, clientId: string, lastMutationId: number, writes: FloorWrite[]) {
	const nextVersion = stmt<[], { value: number }>(
		db,
		'UPDATE sync_seq SET value = value + 1 WHERE id = 1 RETURNING value'
	);
	const updateSubscription = stmt(
		db,
		'UPDATE subscriptions SET order_key = ?, version = ? WHERE id = ? AND user_id = ?'
	);
	const upsertState = stmt(
		db,
		`INSERT INTO entry_states (user_id, entry_id, read, starred, updated_at, version) VALUES (?, ?, ?, 0, ?, ?)
		 ON CONFLICT (user_id, entry_id) DO UPDATE SET read = excluded.read, updated_at = excluded.updated_at,
		 version = excluded.version`
	);
	const recordClient = stmt(db, 'UPDATE sync_clients SET last_mutation_id = ? WHERE client_id = ? AND user_id = ?');
	const now = Date.now();
	db.transaction(() => {
		const version = nextVersion.get()!.value;
		for (const write of writes) {
			if (write.kind === 'subscription') updateSubscription.run(write.orderKey, version, write.subscriptionId, userId);
			else upsertState.run(userId, write.entryId, write.read ? 1 : 0, now, version);
		}
		recordClient.run(lastMutationId, clientId, userId);
	}).immediate();
}

/** The ids of the entries of a user's subscriptions, to aim entry mutations at. */
export async function subscribedEntryIds(sql: Sql, userId: number, limit: number): Promise<number[]> {
	const rows = await sql.all<{ id: number }>(
		`SELECT e.id FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = ?
		 ORDER BY e.id LIMIT ?`,
		[userId, limit]
	);
	return rows.map((row) => row.id);
}

/** The feed of each of a user's subscriptions, to seed entries into. */
export async function subscribedFeedIds(sql: Sql, userId: number): Promise<number[]> {
	const rows = await sql.all<{ feed_id: number }>(
		'SELECT feed_id FROM subscriptions WHERE user_id = ? ORDER BY feed_id',
		[userId]
	);
	return rows.map((row) => row.feed_id);
}
