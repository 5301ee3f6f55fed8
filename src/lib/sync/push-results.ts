import type { TidingsDb } from '$lib/db/database';
import type { Mutation } from '$lib/shared/mutations';
import type { PushResponse } from '$lib/shared/sync';
import { applyMutation, deleteSubscription, mutationTables } from './apply-mutation';
import { dropAcknowledged } from './outbox';

/** How many rejected mutations the device remembers to show. */
export const REJECTED_KEPT = 50;

/**
 * Records a push's answer in one transaction: rejected mutations are remembered for the user and their local
 * effect undone where the server will never send a correction, and every processed mutation leaves the outbox.
 */
export async function recordPushResults(
	db: TidingsDb,
	batch: Mutation[],
	response: PushResponse,
	now = Date.now()
): Promise<number> {
	const byId = new Map(batch.map((m) => [m.id, m]));
	const rejected = response.results.filter((r) => r.status === 'rejected');
	await db.transaction('rw', [...mutationTables(db), db.outbox, db.rejected], async () => {
		for (const result of rejected) {
			const mutation = byId.get(result.id);
			if (!mutation) continue;
			await db.rejected.add({
				mutationId: mutation.id,
				name: mutation.name,
				args: mutation.args,
				code: result.code ?? 'rejected',
				message: result.message ?? null,
				at: now
			});
			await undoRejected(db, mutation, result.code);
		}
		await trimRejected(db);
		await dropAcknowledged(db, response.lastMutationId);
	});
	return rejected.length;
}

/**
 * Undoes what the server will never correct by itself: a row it refused to create, or a row it says does not
 * exist (deleted elsewhere before its tombstone reached this device). Other rejections leave rows the server
 * still has, and the next change to them brings the server's values.
 */
async function undoRejected(db: TidingsDb, mutation: Mutation, code: string | undefined): Promise<void> {
	const dropFolder = (folderId: string) =>
		applyMutation(db, { id: mutation.id, name: 'folder.delete', args: { folderId } });
	switch (mutation.name) {
		case 'folder.create':
			if (code !== 'conflict') await dropFolder(mutation.args.folderId);
			return;
		case 'folder.rename':
		case 'folder.reorder':
		case 'folder.delete':
			if (code === 'not_found') await dropFolder(mutation.args.folderId);
			return;
		case 'subscription.create': {
			const local = await db.subscriptions.get(mutation.args.subscriptionId);
			// Only a row the server never sent (feedId 0) is this device's invention.
			if (local?.feedId === 0) await deleteSubscription(db, local.id);
			return;
		}
		case 'subscription.update':
		case 'subscription.delete':
			if (code === 'not_found') await deleteSubscription(db, mutation.args.subscriptionId);
			return;
	}
}

async function trimRejected(db: TidingsDb): Promise<void> {
	const excess = (await db.rejected.count()) - REJECTED_KEPT;
	if (excess > 0) await db.rejected.orderBy('seq').limit(excess).delete();
}
