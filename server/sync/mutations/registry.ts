import { isConstraintError } from '../../db/db-errors';
import { transactionLost } from '../../db/sqlite-store';
import {
	parseMutation,
	type Mutation,
	type MutationArgs,
	type MutationEnvelope,
	type MutationName
} from '#shared/mutations';
import type { MutationResult } from '#shared/sync';
import { createFolder, deleteFolder, renameFolder, reorderFolder } from './folders';
import { markAllRead, setRead, setStarred } from './entries';
import { updateSettings } from './settings';
import { createSubscription, deleteSubscription, updateSubscription } from './subscriptions';
import { MutationRejected, type AppliedNote, type MutationContext } from './mutation-context';

type Handler<N extends MutationName> = (ctx: MutationContext, args: MutationArgs<N>) => Promise<AppliedNote | void>;

const handlers: { [N in MutationName]: Handler<N> } = {
	'folder.create': createFolder,
	'folder.rename': renameFolder,
	'folder.reorder': reorderFolder,
	'folder.delete': deleteFolder,
	'subscription.create': createSubscription,
	'subscription.update': updateSubscription,
	'subscription.delete': deleteSubscription,
	'entry.setRead': setRead,
	'entry.setStarred': setStarred,
	'entry.markAllRead': markAllRead,
	'settings.update': updateSettings
};

/**
 * The mutations that can fail after they started writing: a create inserts a client-made id that another user may
 * already hold (ids are global primary keys), and subscribing may first add the shared feed row. They run in a
 * savepoint. Every other mutation checks everything it can reject for before its first write, so a rejection
 * leaves nothing to undo and needs no savepoint (a savepoint and its release were a tenth of a push's time).
 */
const writesBeforeRejecting: ReadonlySet<MutationName> = new Set(['folder.create', 'subscription.create']);

function runHandler(ctx: MutationContext, mutation: Mutation): Promise<AppliedNote | void> {
	const handler = handlers[mutation.name] as Handler<typeof mutation.name>;
	return handler(ctx, mutation.args);
}

/**
 * Runs a parsed mutation; throws MutationRejected when it cannot apply. Call it inside a transaction. When it
 * throws, the caller rolls back what it wrote (a savepoint, or the whole transaction), perhaps the version it
 * took too: the context forgets it, so the next write takes a fresh one.
 */
export async function runMutation(ctx: MutationContext, mutation: Mutation): Promise<AppliedNote> {
	const stamp = ctx.stamp;
	try {
		return (await runHandler(ctx, mutation)) ?? undefined;
	} catch (err) {
		ctx.stamp = stamp;
		throw err;
	}
}

/** runMutation in a savepoint: when it throws, its writes are undone and the rest of the transaction goes on. */
export async function runMutationInSavepoint(ctx: MutationContext, mutation: Mutation): Promise<AppliedNote> {
	const outer = ctx.db;
	try {
		return await outer.savepoint(async (savepoint) => {
			ctx.db = savepoint;
			return await runMutation(ctx, mutation);
		});
	} finally {
		ctx.db = outer;
	}
}

/**
 * How a push runs its mutations. 'fast': only the mutations that can be refused after writing run in a savepoint.
 * 'careful': every mutation does, so that a constraint error (which none of them expects: a bug, a trigger, a
 * schema change) rejects only its own mutation instead of blocking the device's outbox behind it.
 */
export type PushMode = 'fast' | 'careful';

/**
 * A mutation without a savepoint failed a database constraint in the fast mode, after it may have written: only
 * rolling back the whole push undoes that, and the caller then applies the push again in the careful mode.
 */
export class ConstraintFailed extends Error {
	constructor(mutationId: number, mutationName: MutationName, cause: unknown) {
		super(`${mutationName} (mutation ${mutationId}) failed a database constraint`, { cause });
	}
}

/**
 * Parses and applies one mutation of a push, so that a rejected one leaves no trace while the rest of the push
 * goes on. Database failures (busy, I/O) and bugs are not rejections: they abort the whole push.
 */
export async function applyEnvelope(
	ctx: MutationContext,
	envelope: MutationEnvelope,
	mode: PushMode
): Promise<MutationResult> {
	const parsed = parseMutation(envelope);
	if (!parsed.ok) return { id: envelope.id, status: 'rejected', code: parsed.code, message: parsed.message };
	const { mutation } = parsed;
	const mayConflict = writesBeforeRejecting.has(mutation.name);
	const savepoint = mayConflict || mode === 'careful';
	try {
		const note = savepoint ? await runMutationInSavepoint(ctx, mutation) : await runHandler(ctx, mutation);
		return note ? { id: envelope.id, status: 'applied', ...note } : { id: envelope.id, status: 'applied' };
	} catch (err) {
		if (err instanceof MutationRejected) {
			return { id: envelope.id, status: 'rejected', code: err.rejection, message: err.message };
		}
		// A trigger's RAISE(ROLLBACK) or an ON CONFLICT ROLLBACK clause ends the whole transaction: going on would
		// write the rest of the push outside it, so nothing short of failing the push is safe.
		if (!isConstraintError(err) || transactionLost(ctx.db)) throw err;
		if (!savepoint) throw new ConstraintFailed(envelope.id, mutation.name, err);
		// An id another user already took: theirs, not ours to reveal.
		if (mayConflict)
			return { id: envelope.id, status: 'rejected', code: 'conflict', message: 'this id is already taken' };
		ctx.refusedByConstraint.push({ id: envelope.id, name: mutation.name });
		return {
			id: envelope.id,
			status: 'rejected',
			code: 'conflict',
			message: 'the server could not store this change (it conflicts with the data there), so it was not applied'
		};
	}
}
