import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { conflict, HttpError, notFound } from '../http/errors';
import type { Mutation, MutationArgs } from '../../src/lib/shared/mutations';
import type { SyncFolder, SyncSubscription } from '../../src/lib/shared/sync';
import { createMutationContext, MutationRejected } from './mutations/mutation-context';
import { runMutation } from './mutations/registry';
import { toSyncFolder, toSyncSubscription } from './pull-rows';
import { getFolder } from './repos/folders-repo';
import { getSubscriptionView } from './repos/subscriptions-repo';

/*
 * The REST endpoints for scripts run the very mutation functions a push runs, each request in its own write
 * transaction, so the two paths cannot drift apart. They do not touch sync_clients: devices learn of the change
 * by pulling.
 */

function asHttpError(err: unknown): unknown {
	if (!(err instanceof MutationRejected)) return err;
	if (err.code === 'not_found') return notFound(err.message);
	if (err.code === 'conflict') return conflict(err.message);
	return new HttpError(400, 'invalid_request', err.message);
}

function runAll(db: Db, userId: number, now: number, mutations: Mutation[]): void {
	const ctx = createMutationContext(db, userId, now);
	try {
		for (const mutation of mutations) runMutation(ctx, mutation);
	} catch (err) {
		throw asHttpError(err);
	}
}

export function patchSubscription(
	db: Db,
	userId: number,
	now: number,
	args: MutationArgs<'subscription.update'>
): SyncSubscription {
	return writeTransaction(db, () => {
		runAll(db, userId, now, [{ id: 0, name: 'subscription.update', args }]);
		return toSyncSubscription(getSubscriptionView(db, userId, args.subscriptionId)!);
	});
}

export function patchFolder(
	db: Db,
	userId: number,
	now: number,
	folderId: string,
	changes: { name?: string; orderKey?: string }
): SyncFolder {
	const mutations: Mutation[] = [];
	if (changes.name !== undefined)
		mutations.push({ id: 0, name: 'folder.rename', args: { folderId, name: changes.name } });
	if (changes.orderKey !== undefined) {
		mutations.push({ id: 0, name: 'folder.reorder', args: { folderId, orderKey: changes.orderKey } });
	}
	return writeTransaction(db, () => {
		if (!getFolder(db, userId, folderId)) throw notFound('folder not found');
		runAll(db, userId, now, mutations);
		return toSyncFolder(getFolder(db, userId, folderId)!);
	});
}
