import type { TidingsDb } from '$lib/db/database';
import type { Mutation } from '$lib/shared/mutations';
import { applyMutation, mutationTables } from '$lib/sync/apply-mutation';
import { appendToOutbox, type MutationInput } from '$lib/sync/outbox';

/**
 * Runs one user action: in ONE transaction, `build` reads what it needs and returns the mutations to make; each
 * is appended to the outbox with the next id and applied locally. liveQuery readers see the change at once, and
 * the sync engine is told there is something to push once the transaction committed.
 */
export async function perform(db: TidingsDb, build: () => Promise<MutationInput[]>): Promise<Mutation[]> {
	const mutations = await db.transaction('rw', [...mutationTables(db), db.outbox], async () => {
		const made: Mutation[] = [];
		for (const input of await build()) {
			const mutation = await appendToOutbox(db, input);
			await applyMutation(db, mutation);
			made.push(mutation);
		}
		return made;
	});
	if (mutations.length > 0) db.notifyLocalWrite();
	return mutations;
}
