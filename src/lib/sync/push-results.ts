import type { TidingsDb } from '$lib/db/database';
import type { Mutation } from '$lib/shared/mutations';
import type { MutationResult, PushResponse } from '$lib/shared/sync';
import { mutationTables } from './apply-mutation';
import { noteAnswered } from './outbox';
import { rebase } from './rebase';

/** How many rejected mutations the device remembers to show. */
export const REJECTED_KEPT = 50;

/** A rejection, first-hand or replayed: a duplicate of a mutation the server refused carries the refusal again. */
function isRefusal(result: MutationResult): boolean {
	return result.status === 'rejected' || result.firstStatus === 'rejected';
}

/**
 * Records a push's answer in one transaction. Rejected mutations are remembered for the user (the sync indicator
 * lists them with the server's reason), leave the outbox, and the device rebases (rebase.ts), so their local
 * effect is gone and the changes still pending stay on screen. Applied ones stay in the outbox, answered, until
 * a pull brings their effect as the server made it: dropping them now would show the rows without them until then.
 */
export async function recordPushResults(
	db: TidingsDb,
	batch: Mutation[],
	response: PushResponse,
	now = Date.now()
): Promise<number> {
	const byId = new Map(batch.map((m) => [m.id, m]));
	const refused = response.results.filter((r) => isRefusal(r) && byId.has(r.id));
	await db.transaction('rw', [...mutationTables(db), db.outbox, db.rejected], async () => {
		for (const result of refused) {
			const mutation = byId.get(result.id)!;
			await db.rejected.add({
				mutationId: mutation.id,
				name: mutation.name,
				args: mutation.args,
				code: result.code ?? 'rejected',
				message: result.message ?? null,
				at: now
			});
		}
		await trimRejected(db);
		await noteAnswered(db, response.lastMutationId);
		if (refused.length === 0) return;
		await db.outbox.bulkDelete(refused.map((r) => r.id));
		await rebase(db);
	});
	return refused.length;
}

async function trimRejected(db: TidingsDb): Promise<void> {
	const excess = (await db.rejected.count()) - REJECTED_KEPT;
	if (excess > 0) await db.rejected.orderBy('seq').limit(excess).delete();
}
