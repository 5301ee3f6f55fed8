import type { Sql } from '../../db/sql';
import { DomainError } from '../../domain-errors';
import { nextVersion } from '../../db/version';
import type { MutationName } from '#shared/mutations';

/** What a mutation function needs: it runs inside the caller's write transaction, for one user. */
export interface MutationContext {
	db: Sql;
	userId: number;
	now: number;
	/** Feeds subscribed to in this transaction: the caller asks the feed engine to fetch them after commit. */
	subscribedFeedIds: Set<number>;
	/** Mutations a database constraint refused (a bug or a schema problem): the caller logs them after commit. */
	refusedByConstraint: { id: number; name: MutationName }[];
	/** The version every row written in this transaction is stamped with, taken at the first write. */
	stamp?: Promise<number>;
}

export function createMutationContext(db: Sql, userId: number, now: number): MutationContext {
	return { db, userId, now, subscribedFeedIds: new Set(), refusedByConstraint: [] };
}

/**
 * The version for the rows this transaction writes: one per transaction, not one per row or mutation. Versions
 * only have to grow from one commit to the next (SQLite runs one writer at a time), and a pull pages rows by
 * (version, id), so rows sharing a version are still paged exactly; one counter bump per push instead of one per
 * mutation was an eighth of a push's time (bench/push.ts).
 */
export function version(ctx: MutationContext): Promise<number> {
	// The promise itself is kept: every later write of the push awaits the settled one, with no call of its own.
	ctx.stamp ??= nextVersion(ctx.db);
	return ctx.stamp;
}

export type RejectionCode = 'invalid_args' | 'unknown_mutation' | 'not_found' | 'conflict';

/**
 * Thrown by a mutation that cannot apply, before its first write (or inside a savepoint, which rolls back: see
 * registry.ts); the push records it as rejected, and the REST endpoints answer it as the domain error it also is.
 */
export class MutationRejected extends DomainError {
	constructor(
		readonly rejection: RejectionCode,
		message: string
	) {
		super(rejection === 'not_found' || rejection === 'conflict' ? rejection : 'invalid', message);
	}
}

export const notFound = (what: string) => new MutationRejected('not_found', `${what} not found`);

/** How an applied mutation was applied, when that is worth telling the device (for example `moved_to_top_level`). */
export type AppliedNote = { code: string; message: string } | undefined;
