import { SqliteError } from 'better-sqlite3';
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

/** Runs a parsed mutation; throws MutationRejected when it cannot apply. Call it inside a transaction. */
export function runMutation(ctx: MutationContext, mutation: Mutation): AppliedNote {
	const handler = handlers[mutation.name] as Handler<typeof mutation.name>;
	return handler(ctx, mutation.args) ?? undefined;
}

/*
 * One savepoint-wrapped runner per database, made once: better-sqlite3's db.transaction() builds four wrapper
 * functions each call, which cost about as much as the mutation's own SQL when made per mutation (bench/push.ts).
 */
const savepointRunners = new WeakMap<MutationContext['db'], (ctx: MutationContext, m: Mutation) => AppliedNote>();

function inSavepoint(ctx: MutationContext, mutation: Mutation): AppliedNote {
	let run = savepointRunners.get(ctx.db);
	if (!run) savepointRunners.set(ctx.db, (run = ctx.db.transaction(runMutation)));
	return run(ctx, mutation);
}

/**
 * Parses and applies one mutation of a push inside its own savepoint (a nested better-sqlite3 transaction), so
 * a rejected one leaves no trace while the rest of the push goes on. Database failures (busy, I/O) and bugs are
 * not rejections: they abort the whole push.
 */
export function applyEnvelope(ctx: MutationContext, envelope: MutationEnvelope): MutationResult {
	const parsed = parseMutation(envelope);
	if (!parsed.ok) return { id: envelope.id, status: 'rejected', code: parsed.code, message: parsed.message };
	try {
		const note = inSavepoint(ctx, parsed.mutation);
		return note ? { id: envelope.id, status: 'applied', ...note } : { id: envelope.id, status: 'applied' };
	} catch (err) {
		if (err instanceof MutationRejected) {
			return { id: envelope.id, status: 'rejected', code: err.code, message: err.message };
		}
		// An id another user already took (ids are global primary keys): theirs, not ours to reveal.
		if (err instanceof SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) {
			return { id: envelope.id, status: 'rejected', code: 'conflict', message: 'this id is already taken' };
		}
		throw err;
	}
}
