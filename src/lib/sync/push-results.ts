import type { TidingsDb } from '$lib/db/database';
import type { MarkAllReadScope, Mutation } from '$lib/shared/mutations';
import type { PushResponse } from '$lib/shared/sync';
import { applyMutation, deleteSubscription, mutationTables } from './apply-mutation';
import { dropAcknowledged, pendingMutations } from './outbox';

/** How many rejected mutations the device remembers to show. */
export const REJECTED_KEPT = 50;

/**
 * Records a push's answer in one transaction: rejected mutations are remembered for the user (the sync indicator
 * lists them with the server's reason), their local effect is undone so the device shows what the server has,
 * and every processed mutation leaves the outbox. Changes still pending are applied again on top of an undo, so
 * a later change to the same row stays on screen.
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
		let undone = false;
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
			undone = (await undoRejected(db, mutation, result.code)) || undone;
		}
		await trimRejected(db);
		await dropAcknowledged(db, response.lastMutationId);
		if (undone) for (const pending of await pendingMutations(db)) await applyMutation(db, pending);
	});
	return rejected.length;
}

/**
 * Undoes, where the server will never send a correction, what the device did for a mutation the server refused;
 * returns whether it changed anything. Rows the server refused to create go. A row the server says does not exist
 * (deleted elsewhere before its tombstone reached this device) goes. An entry's read or starred flag goes back:
 * the server changed neither (it refuses a list only when none of its entries is the user's). Other rejections
 * leave rows the server still has as they are, and the next change to them brings the server's values.
 */
async function undoRejected(db: TidingsDb, mutation: Mutation, code: string | undefined): Promise<boolean> {
	const dropFolder = (folderId: string) =>
		applyMutation(db, { id: mutation.id, name: 'folder.delete', args: { folderId } });
	const notFound = code === 'not_found';
	switch (mutation.name) {
		case 'folder.create':
			// Whatever the reason (an id taken or deleted, arguments it refused), the server has no such folder.
			await dropFolder(mutation.args.folderId);
			return true;
		case 'folder.rename':
		case 'folder.reorder':
		case 'folder.delete':
			if (notFound) await dropFolder(mutation.args.folderId);
			return notFound;
		case 'subscription.create': {
			const local = await db.subscriptions.get(mutation.args.subscriptionId);
			// Only a row the server never sent (feedId 0) is this device's invention.
			if (local?.feedId !== 0) return false;
			await deleteSubscription(db, local.id);
			return true;
		}
		case 'subscription.update':
		case 'subscription.delete':
			if (notFound) await deleteSubscription(db, mutation.args.subscriptionId);
			return notFound;
		case 'entry.setRead':
			await db.entries
				.where('id')
				.anyOf(mutation.args.entryIds)
				.modify({ read: mutation.args.read ? 0 : 1 });
			return true;
		case 'entry.setStarred':
			await db.entries.update(mutation.args.entryId, { starred: mutation.args.starred ? undefined : 1 });
			return true;
		case 'entry.markAllRead':
			return notFound && (await dropScope(db, mutation.args.scope, dropFolder));
		case 'settings.update':
			return false;
	}
}

/** A mark-all-read scope the server does not have (its folder or subscription was deleted elsewhere) goes. */
async function dropScope(
	db: TidingsDb,
	scope: MarkAllReadScope,
	dropFolder: (folderId: string) => Promise<void>
): Promise<boolean> {
	if (scope.kind === 'folder') await dropFolder(scope.folderId);
	else if (scope.kind === 'subscription') await deleteSubscription(db, scope.subscriptionId);
	return scope.kind !== 'all';
}

async function trimRejected(db: TidingsDb): Promise<void> {
	const excess = (await db.rejected.count()) - REJECTED_KEPT;
	if (excess > 0) await db.rejected.orderBy('seq').limit(excess).delete();
}
