import type { Sql, Store } from '../db/sql';
import type { MutationName } from '#shared/mutations';
import type { MutationResult } from '#shared/sync';
import { createMutationContext } from '../sync/mutations/mutation-context';
import { applyEnvelope } from '../sync/mutations/registry';

export type ApplyMutation = (name: MutationName, args: unknown) => Promise<MutationResult>;

export interface EditOutcome<T> {
	value: T;
	/** Something a pull would return was written: nudge the user's devices. */
	changed: boolean;
	/** Feeds subscribed to: fetch them now that the change committed. */
	subscribedFeedIds: number[];
}

/**
 * Every change made through the Reader API runs here: in one BEGIN IMMEDIATE transaction, through the very
 * function a sync push runs for each mutation (parse, apply, reject without a trace), stamped with one version,
 * so devices pull it like any other change. A rejected mutation (an entry that is gone, a feed already
 * subscribed) is not an error for these clients: Google Reader answered OK and moved on.
 */
export async function inEditTransaction<T>(
	db: Store,
	userId: number,
	now: number,
	edit: (apply: ApplyMutation, tx: Sql) => Promise<T>
): Promise<EditOutcome<T>> {
	return await db.transaction(async (tx) => {
		const ctx = createMutationContext(tx, userId, now);
		let changed = false;
		const apply: ApplyMutation = async (name, args) => {
			const result = await applyEnvelope(ctx, { id: 0, name, args }, 'fast');
			changed ||= result.status === 'applied';
			return result;
		};
		const value = await edit(apply, tx);
		return { value, changed, subscribedFeedIds: [...ctx.subscribedFeedIds] };
	});
}
