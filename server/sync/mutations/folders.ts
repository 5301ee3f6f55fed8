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

function requireFolder(ctx: MutationContext, folderId: string) {
	const folder = getFolder(ctx.db, ctx.userId, folderId);
	if (!folder) throw notFound('folder');
	return folder;
}

function rekeyFoldersIfLong(ctx: MutationContext, orderKey: string): void {
	if (!needsRekey(orderKey)) return;
	rekeyList(listFolderKeys(ctx.db, ctx.userId), (id, key) =>
		updateFolderOrderKey(ctx.db, ctx.userId, id, key, version(ctx))
	);
}

/** An id is made once: creating one that exists, or that this user deleted, is a conflict. */
export function createFolder(ctx: MutationContext, args: MutationArgs<'folder.create'>): void {
	if (getFolder(ctx.db, ctx.userId, args.folderId) || hasTombstone(ctx.db, ctx.userId, 'folder', args.folderId)) {
		throw new MutationRejected('conflict', 'a folder with this id exists or was deleted');
	}
	insertFolder(ctx.db, {
		id: args.folderId,
		user_id: ctx.userId,
		name: args.name,
		order_key: args.orderKey,
		created_at: ctx.now,
		version: version(ctx)
	});
	rekeyFoldersIfLong(ctx, args.orderKey);
}

export function renameFolder(ctx: MutationContext, args: MutationArgs<'folder.rename'>): void {
	requireFolder(ctx, args.folderId);
	updateFolderName(ctx.db, ctx.userId, args.folderId, args.name, version(ctx));
}

export function reorderFolder(ctx: MutationContext, args: MutationArgs<'folder.reorder'>): void {
	requireFolder(ctx, args.folderId);
	updateFolderOrderKey(ctx.db, ctx.userId, args.folderId, args.orderKey, version(ctx));
	rekeyFoldersIfLong(ctx, args.orderKey);
}

/** The folder's subscriptions move to the top level, keeping their keys (each moved row gets a new version). */
export function deleteFolder(ctx: MutationContext, args: MutationArgs<'folder.delete'>): void {
	requireFolder(ctx, args.folderId);
	for (const subscriptionId of subscriptionIdsInFolder(ctx.db, ctx.userId, args.folderId)) {
		moveSubscriptionToTopLevel(ctx, subscriptionId);
	}
	deleteFolderRow(ctx.db, ctx.userId, args.folderId);
	writeTombstone(ctx.db, ctx.userId, 'folder', args.folderId, ctx.now, version(ctx));
}
