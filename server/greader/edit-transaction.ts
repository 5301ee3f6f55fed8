import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import type { MutationName } from '#shared/mutations';
import type { MutationResult } from '#shared/sync';
import { createMutationContext } from '../sync/mutations/mutation-context';
import { applyEnvelope } from '../sync/mutations/registry';

export type ApplyMutation = (name: MutationName, args: unknown) => MutationResult;

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
export function inEditTransaction<T>(
	db: Db,
	userId: number,
	now: number,
	edit: (apply: ApplyMutation) => T
): EditOutcome<T> {
	return writeTransaction(db, () => {
		const ctx = createMutationContext(db, userId, now);
		let changed = false;
		const apply: ApplyMutation = (name, args) => {
			const result = applyEnvelope(ctx, { id: 0, name, args }, 'fast');
			changed ||= result.status === 'applied';
			return result;
		};
		const value = edit(apply);
		return { value, changed, subscribedFeedIds: [...ctx.subscribedFeedIds] };
	});
}
