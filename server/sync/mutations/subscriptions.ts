import type { MutationArgs } from '#shared/mutations';
import { findOrCreateFeed } from '../../feeds/feeds-repo';
import { getFolder } from '../repos/folders-repo';
import {
	deleteSubscriptionRow,
	findSubscriptionToFeed,
	getSubscription,
	insertSubscription,
	listSubscriptionKeys,
	patchSubscriptionRow,
	updateSubscriptionOrderKey,
	type SubscriptionRow
} from '../repos/subscriptions-repo';
import { hasTombstone, writeTombstone } from '../repos/tombstones-repo';
import { needsRekey, rekeyList } from '../order-rekey';
import { MutationRejected, notFound, version, type AppliedNote, type MutationContext } from './mutation-context';

const MOVED_TO_TOP_LEVEL: AppliedNote = {
	code: 'moved_to_top_level',
	message: 'the folder does not exist (any more): the subscription is at the top level'
};

async function requireSubscription(ctx: MutationContext, subscriptionId: string): Promise<SubscriptionRow> {
	const subscription = await getSubscription(ctx.db, ctx.userId, subscriptionId);
	if (!subscription) throw notFound('subscription');
	return subscription;
}

/** A folder that is not the user's (deleted meanwhile by another device, or never theirs) means the top level. */
async function resolveFolder(
	ctx: MutationContext,
	folderId: string | null
): Promise<{ folderId: string | null; note: AppliedNote }> {
	if (folderId === null || (await getFolder(ctx.db, ctx.userId, folderId))) return { folderId, note: undefined };
	return { folderId: null, note: MOVED_TO_TOP_LEVEL };
}

async function rekeySiblingsIfLong(ctx: MutationContext, folderId: string | null, orderKey: string): Promise<void> {
	if (!needsRekey(orderKey)) return;
	await rekeyList(
		await listSubscriptionKeys(ctx.db, ctx.userId, folderId),
		async (id, key) => await updateSubscriptionOrderKey(ctx.db, ctx.userId, id, key, await version(ctx))
	);
}

/**
 * Subscribes through the shared feed row. A second subscription of one user to one feed is a conflict (the
 * device keeps the first one it pulls); so is an id that exists or that this user deleted. The feed is fetched
 * after the transaction commits, by the caller.
 */
export async function createSubscription(
	ctx: MutationContext,
	args: MutationArgs<'subscription.create'>
): Promise<AppliedNote> {
	if (
		(await getSubscription(ctx.db, ctx.userId, args.subscriptionId)) ||
		(await hasTombstone(ctx.db, ctx.userId, 'subscription', args.subscriptionId))
	) {
		throw new MutationRejected('conflict', 'a subscription with this id exists or was deleted');
	}
	const feed = await findOrCreateFeed(ctx.db, args.url, ctx.now);
	if (await findSubscriptionToFeed(ctx.db, ctx.userId, feed.id)) {
		throw new MutationRejected('conflict', 'you already subscribe to this feed');
	}
	const folder = await resolveFolder(ctx, args.folderId);
	const at = await version(ctx);
	await insertSubscription(ctx.db, {
		id: args.subscriptionId,
		user_id: ctx.userId,
		feed_id: feed.id,
		folder_id: folder.folderId,
		order_key: args.orderKey,
		title: args.title ?? null,
		created_at: ctx.now,
		version: at,
		entries_since_version: at
	});
	ctx.subscribedFeedIds.add(feed.id);
	await rekeySiblingsIfLong(ctx, folder.folderId, args.orderKey);
	return folder.note;
}

/**
 * Move, reorder and rename are one mutation writing one row (plus a re-key when keys grew too long). The folder is
 * checked first; the write itself finds out whether the subscription is the user's.
 */
export async function updateSubscription(
	ctx: MutationContext,
	args: MutationArgs<'subscription.update'>
): Promise<AppliedNote> {
	const folder = args.folderId === undefined ? undefined : await resolveFolder(ctx, args.folderId);
	const written = await patchSubscriptionRow(
		ctx.db,
		ctx.userId,
		args.subscriptionId,
		{ folderId: folder?.folderId, orderKey: args.orderKey, title: args.title },
		await version(ctx)
	);
	if (!written) throw notFound('subscription');
	if (args.orderKey !== undefined && needsRekey(args.orderKey)) {
		await rekeySiblingsIfLong(ctx, (await requireSubscription(ctx, args.subscriptionId)).folder_id, args.orderKey);
	}
	return folder?.note;
}

/** Part of deleting a folder: the subscription keeps its key. */
export async function moveSubscriptionToTopLevel(ctx: MutationContext, subscriptionId: string): Promise<void> {
	await patchSubscriptionRow(ctx.db, ctx.userId, subscriptionId, { folderId: null }, await version(ctx));
}

/**
 * Only the subscription row goes (with a tombstone): devices drop that feed's entries themselves. The user's
 * read and starred marks stay, and come back with the entries if they subscribe again.
 */
export async function deleteSubscription(
	ctx: MutationContext,
	args: MutationArgs<'subscription.delete'>
): Promise<void> {
	await requireSubscription(ctx, args.subscriptionId);
	await deleteSubscriptionRow(ctx.db, ctx.userId, args.subscriptionId);
	await writeTombstone(ctx.db, ctx.userId, 'subscription', args.subscriptionId, ctx.now, await version(ctx));
}
