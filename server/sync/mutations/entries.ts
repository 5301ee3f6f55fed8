import type { MutationArgs } from '#shared/mutations';
import { getFolder } from '../repos/folders-repo';
import { getSubscription } from '../repos/subscriptions-repo';
import { markScopeRead, setReadState, setStarredState } from '../repos/entry-states-repo';
import { notFound, version, type AppliedNote, type MutationContext } from './mutation-context';

/**
 * Applies to the listed entries the user subscribes to. Entries that are gone (retention) or not theirs are
 * skipped, so one stale id does not lose the others; only a list with none of theirs is rejected (and then
 * nothing was written).
 */
export async function setRead(ctx: MutationContext, args: MutationArgs<'entry.setRead'>): Promise<AppliedNote> {
	const found = await setReadState(ctx.db, { userId: ctx.userId, now: ctx.now, version: await version(ctx), ...args });
	if (found === 0) throw notFound('entry');
	const distinct = new Set(args.entryIds).size;
	if (found === distinct) return undefined;
	return { code: 'some_not_found', message: `${distinct - found} of the entries were not found and were skipped` };
}

export async function setStarred(ctx: MutationContext, args: MutationArgs<'entry.setStarred'>): Promise<void> {
	const found = await setStarredState(ctx.db, {
		userId: ctx.userId,
		now: ctx.now,
		version: await version(ctx),
		...args
	});
	if (!found) throw notFound('entry');
}

/**
 * Bounded by `upTo` and `feedIds`, so entries that reached the server after the device last pulled, and feeds
 * that joined the scope elsewhere meanwhile, stay unread.
 */
export async function markAllRead(ctx: MutationContext, args: MutationArgs<'entry.markAllRead'>): Promise<void> {
	const { scope } = args;
	if (scope.kind === 'folder' && !(await getFolder(ctx.db, ctx.userId, scope.folderId))) throw notFound('folder');
	if (scope.kind === 'subscription' && !(await getSubscription(ctx.db, ctx.userId, scope.subscriptionId))) {
		throw notFound('subscription');
	}
	await markScopeRead(ctx.db, {
		userId: ctx.userId,
		now: ctx.now,
		version: await version(ctx),
		scope,
		upTo: args.upTo,
		feedIds: args.feedIds
	});
}
