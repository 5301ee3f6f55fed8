import type { Sql, Store } from '../db/sql';
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

async function runAll(db: Sql, userId: number, now: number, mutations: Mutation[]): Promise<void> {
	const ctx = createMutationContext(db, userId, now);
	for (const mutation of mutations) await runMutation(ctx, mutation);
}

export async function patchSubscription(
	db: Store,
	userId: number,
	now: number,
	args: MutationArgs<'subscription.update'>
): Promise<SyncSubscription> {
	return await db.transaction(async (tx) => {
		await runAll(tx, userId, now, [{ id: 0, name: 'subscription.update', args }]);
		return toSyncSubscription((await getSubscriptionView(tx, userId, args.subscriptionId))!);
	});
}

export async function patchFolder(
	db: Store,
	userId: number,
	now: number,
	folderId: string,
	changes: { name?: string; orderKey?: string }
): Promise<SyncFolder> {
	const mutations: Mutation[] = [];
	if (changes.name !== undefined)
		mutations.push({ id: 0, name: 'folder.rename', args: { folderId, name: changes.name } });
	if (changes.orderKey !== undefined) {
		mutations.push({ id: 0, name: 'folder.reorder', args: { folderId, orderKey: changes.orderKey } });
	}
	return await db.transaction(async (tx) => {
		if (!(await getFolder(tx, userId, folderId))) throw notFound('folder not found');
		await runAll(tx, userId, now, mutations);
		return toSyncFolder((await getFolder(tx, userId, folderId))!);
	});
}
