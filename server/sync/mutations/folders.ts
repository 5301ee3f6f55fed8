import type { MutationArgs } from '#shared/mutations';
import {
	deleteFolderRow,
	getFolder,
	insertFolder,
	listFolderKeys,
	updateFolderName,
	updateFolderOrderKey
} from '../repos/folders-repo';
import { subscriptionIdsInFolder } from '../repos/subscriptions-repo';
import { hasTombstone, writeTombstone } from '../repos/tombstones-repo';
import { needsRekey, rekeyList } from '../order-rekey';
import { moveSubscriptionToTopLevel } from './subscriptions';
import { MutationRejected, notFound, version, type MutationContext } from './mutation-context';

async function requireFolder(ctx: MutationContext, folderId: string) {
	const folder = await getFolder(ctx.db, ctx.userId, folderId);
	if (!folder) throw notFound('folder');
	return folder;
}

async function rekeyFoldersIfLong(ctx: MutationContext, orderKey: string): Promise<void> {
	if (!needsRekey(orderKey)) return;
	await rekeyList(
		await listFolderKeys(ctx.db, ctx.userId),
		async (id, key) => await updateFolderOrderKey(ctx.db, ctx.userId, id, key, await version(ctx))
	);
}

/** An id is made once: creating one that exists, or that this user deleted, is a conflict. */
export async function createFolder(ctx: MutationContext, args: MutationArgs<'folder.create'>): Promise<void> {
	if (
		(await getFolder(ctx.db, ctx.userId, args.folderId)) ||
		(await hasTombstone(ctx.db, ctx.userId, 'folder', args.folderId))
	) {
		throw new MutationRejected('conflict', 'a folder with this id exists or was deleted');
	}
	await insertFolder(ctx.db, {
		id: args.folderId,
		user_id: ctx.userId,
		name: args.name,
		order_key: args.orderKey,
		created_at: ctx.now,
		version: await version(ctx)
	});
	await rekeyFoldersIfLong(ctx, args.orderKey);
}

export async function renameFolder(ctx: MutationContext, args: MutationArgs<'folder.rename'>): Promise<void> {
	await requireFolder(ctx, args.folderId);
	await updateFolderName(ctx.db, ctx.userId, args.folderId, args.name, await version(ctx));
}

export async function reorderFolder(ctx: MutationContext, args: MutationArgs<'folder.reorder'>): Promise<void> {
	await requireFolder(ctx, args.folderId);
	await updateFolderOrderKey(ctx.db, ctx.userId, args.folderId, args.orderKey, await version(ctx));
	await rekeyFoldersIfLong(ctx, args.orderKey);
}

/** The folder's subscriptions move to the top level, keeping their keys (each moved row gets a new version). */
export async function deleteFolder(ctx: MutationContext, args: MutationArgs<'folder.delete'>): Promise<void> {
	await requireFolder(ctx, args.folderId);
	for (const subscriptionId of await subscriptionIdsInFolder(ctx.db, ctx.userId, args.folderId)) {
		await moveSubscriptionToTopLevel(ctx, subscriptionId);
	}
	await deleteFolderRow(ctx.db, ctx.userId, args.folderId);
	await writeTombstone(ctx.db, ctx.userId, 'folder', args.folderId, ctx.now, await version(ctx));
}
