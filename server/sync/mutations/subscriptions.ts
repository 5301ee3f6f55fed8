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

function requireSubscription(ctx: MutationContext, subscriptionId: string): SubscriptionRow {
	const subscription = getSubscription(ctx.db, ctx.userId, subscriptionId);
	if (!subscription) throw notFound('subscription');
	return subscription;
}

/** A folder that is not the user's (deleted meanwhile by another device, or never theirs) means the top level. */
function resolveFolder(ctx: MutationContext, folderId: string | null): { folderId: string | null; note: AppliedNote } {
	if (folderId === null || getFolder(ctx.db, ctx.userId, folderId)) return { folderId, note: undefined };
	return { folderId: null, note: MOVED_TO_TOP_LEVEL };
}

function rekeySiblingsIfLong(ctx: MutationContext, folderId: string | null, orderKey: string): void {
	if (!needsRekey(orderKey)) return;
	rekeyList(listSubscriptionKeys(ctx.db, ctx.userId, folderId), (id, key) =>
		updateSubscriptionOrderKey(ctx.db, ctx.userId, id, key, version(ctx))
	);
}

/**
 * Subscribes through the shared feed row. A second subscription of one user to one feed is a conflict (the
 * device keeps the first one it pulls); so is an id that exists or that this user deleted. The feed is fetched
 * after the transaction commits, by the caller.
 */
export function createSubscription(ctx: MutationContext, args: MutationArgs<'subscription.create'>): AppliedNote {
	if (
		getSubscription(ctx.db, ctx.userId, args.subscriptionId) ||
		hasTombstone(ctx.db, ctx.userId, 'subscription', args.subscriptionId)
	) {
		throw new MutationRejected('conflict', 'a subscription with this id exists or was deleted');
	}
	const feed = findOrCreateFeed(ctx.db, args.url, ctx.now);
	if (findSubscriptionToFeed(ctx.db, ctx.userId, feed.id)) {
		throw new MutationRejected('conflict', 'you already subscribe to this feed');
	}
	const folder = resolveFolder(ctx, args.folderId);
	const at = version(ctx);
	insertSubscription(ctx.db, {
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
	rekeySiblingsIfLong(ctx, folder.folderId, args.orderKey);
	return folder.note;
}

/**
 * Move, reorder and rename are one mutation writing one row (plus a re-key when keys grew too long). The folder is
 * checked first; the write itself finds out whether the subscription is the user's.
 */
export function updateSubscription(ctx: MutationContext, args: MutationArgs<'subscription.update'>): AppliedNote {
	const folder = args.folderId === undefined ? undefined : resolveFolder(ctx, args.folderId);
	const written = patchSubscriptionRow(
		ctx.db,
		ctx.userId,
		args.subscriptionId,
		{ folderId: folder?.folderId, orderKey: args.orderKey, title: args.title },
		version(ctx)
	);
	if (!written) throw notFound('subscription');
	if (args.orderKey !== undefined && needsRekey(args.orderKey)) {
		rekeySiblingsIfLong(ctx, requireSubscription(ctx, args.subscriptionId).folder_id, args.orderKey);
	}
	return folder?.note;
}

/** Part of deleting a folder: the subscription keeps its key. */
export function moveSubscriptionToTopLevel(ctx: MutationContext, subscriptionId: string): void {
	patchSubscriptionRow(ctx.db, ctx.userId, subscriptionId, { folderId: null }, version(ctx));
}

/**
 * Only the subscription row goes (with a tombstone): devices drop that feed's entries themselves. The user's
 * read and starred marks stay, and come back with the entries if they subscribe again.
 */
export function deleteSubscription(ctx: MutationContext, args: MutationArgs<'subscription.delete'>): void {
	requireSubscription(ctx, args.subscriptionId);
	deleteSubscriptionRow(ctx.db, ctx.userId, args.subscriptionId);
	writeTombstone(ctx.db, ctx.userId, 'subscription', args.subscriptionId, ctx.now, version(ctx));
}
