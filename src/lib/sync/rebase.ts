import type { TidingsDb } from '$lib/db/database';
import { applyMutation } from './apply-mutation';
import { restoreConfirmed } from './confirmed';
import { pendingMutations } from './outbox';

/**
 * Applies every mutation still in the outbox again, oldest first, on top of what the tables hold. Enough after a
 * pull page that took nothing out of the outbox: the rows it wrote are the server's, and applying a mutation is
 * idempotent.
 */
export async function reapplyPending(db: TidingsDb): Promise<void> {
	for (const mutation of await pendingMutations(db)) await applyMutation(db, mutation);
}

/**
 * After mutations left the outbox (confirmed by a pull, or rejected): every row a mutation changed goes back to
 * its confirmed value, and the mutations still in the outbox are applied again. Whatever the server did with the
 * ones that left (applied, partly applied, refused) is then exactly what the device shows.
 */
export async function rebase(db: TidingsDb): Promise<void> {
	await restoreConfirmed(db);
	await reapplyPending(db);
}
