import type { Db } from '../../db/open';
import { nextVersion } from '../../db/version';

/** What a mutation function needs: it runs inside the caller's write transaction, for one user. */
export interface MutationContext {
	db: Db;
	userId: number;
	now: number;
	/** Feeds subscribed to in this transaction: the caller asks the feed engine to fetch them after commit. */
	subscribedFeedIds: Set<number>;
}

export function createMutationContext(db: Db, userId: number, now: number): MutationContext {
	return { db, userId, now, subscribedFeedIds: new Set() };
}

/** A fresh version for the rows this mutation writes. */
export function version(ctx: MutationContext): number {
	return nextVersion(ctx.db);
}

export type RejectionCode = 'invalid_args' | 'unknown_mutation' | 'not_found' | 'conflict';

/** Thrown by a mutation that cannot apply: its savepoint rolls back and the push records it as rejected. */
export class MutationRejected extends Error {
	constructor(
		readonly code: RejectionCode,
		message: string
	) {
		super(message);
	}
}

export const notFound = (what: string) => new MutationRejected('not_found', `${what} not found`);

/** How an applied mutation was applied, when that is worth telling the device (for example `moved_to_top_level`). */
export type AppliedNote = { code: string; message: string } | undefined;
