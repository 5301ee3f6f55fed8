import { SqliteError } from 'better-sqlite3';
import { transactionOf } from '../../db/version';
import {
	parseMutation,
	type Mutation,
	type MutationArgs,
	type MutationEnvelope,
	type MutationName
} from '../../../src/lib/shared/mutations';
import type { MutationResult } from '../../../src/lib/shared/sync';
import { createFolder, deleteFolder, renameFolder, reorderFolder } from './folders';
import { markAllRead, setRead, setStarred } from './entries';
import { updateSettings } from './settings';
import { createSubscription, deleteSubscription, updateSubscription } from './subscriptions';
import { MutationRejected, type AppliedNote, type MutationContext } from './mutation-context';

type Handler<N extends MutationName> = (ctx: MutationContext, args: MutationArgs<N>) => AppliedNote | void;

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

function runHandler(ctx: MutationContext, mutation: Mutation): AppliedNote {
	const handler = handlers[mutation.name] as Handler<typeof mutation.name>;
	return handler(ctx, mutation.args) ?? undefined;
}

/**
 * Runs a parsed mutation; throws MutationRejected when it cannot apply. Call it inside a transaction. When it
 * throws, the caller rolls back what it wrote (a savepoint, or the whole transaction), perhaps the version it
 * took too: the context forgets it, so the next write takes a fresh one.
 */
export function runMutation(ctx: MutationContext, mutation: Mutation): AppliedNote {
	const stamp = ctx.stamp;
	try {
		return runHandler(ctx, mutation);
	} catch (err) {
		ctx.stamp = stamp;
		throw err;
	}
}

function inSavepoint(ctx: MutationContext, mutation: Mutation): AppliedNote {
	return transactionOf(ctx.db, 'default', runMutation)(ctx, mutation);
}

/**
 * Parses and applies one mutation of a push, so that a rejected one leaves no trace while the rest of the push
 * goes on. Database failures (busy, I/O) and bugs are not rejections: they abort the whole push.
 */
export function applyEnvelope(ctx: MutationContext, envelope: MutationEnvelope): MutationResult {
	const parsed = parseMutation(envelope);
	if (!parsed.ok) return { id: envelope.id, status: 'rejected', code: parsed.code, message: parsed.message };
	const savepoint = writesBeforeRejecting.has(parsed.mutation.name);
	try {
		const note = savepoint ? inSavepoint(ctx, parsed.mutation) : runHandler(ctx, parsed.mutation);
		return note ? { id: envelope.id, status: 'applied', ...note } : { id: envelope.id, status: 'applied' };
	} catch (err) {
		if (err instanceof MutationRejected) {
			return { id: envelope.id, status: 'rejected', code: err.code, message: err.message };
		}
		// An id another user already took: theirs, not ours to reveal. Only a savepoint can undo what came before.
		if (savepoint && err instanceof SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) {
			return { id: envelope.id, status: 'rejected', code: 'conflict', message: 'this id is already taken' };
		}
		throw err;
	}
}
