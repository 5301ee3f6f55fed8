import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { notFound } from '../domain-errors';
import type { Mutation, MutationArgs } from '#shared/mutations';
import type { SyncFolder, SyncSubscription } from '#shared/sync';
import { createMutationContext } from './mutations/mutation-context';
import { runMutation } from './mutations/registry';
import { toSyncFolder, toSyncSubscription } from './pull-rows';
import { getFolder } from './repos/folders-repo';
import { getSubscriptionView } from './repos/subscriptions-repo';

/*
 * The REST endpoints for scripts run the very mutation functions a push runs, each request in its own write
 * transaction, so the two paths cannot drift apart. They do not touch sync_clients: devices learn of the change
 * by pulling.
 */

function runAll(db: Db, userId: number, now: number, mutations: Mutation[]): void {
	const ctx = createMutationContext(db, userId, now);
	for (const mutation of mutations) runMutation(ctx, mutation);
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
