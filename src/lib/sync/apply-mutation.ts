import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed, unreadEntries, unreadOfFeed } from '$lib/db/entry-ranges';
import { getMeta, setMeta } from '$lib/db/meta';
import type { LocalSubscription } from '$lib/db/schema';
import type { MarkAllReadScope, Mutation, MutationArgs } from '$lib/shared/mutations';

/**
 * The one place that knows what each mutation does to the local database. Actions call it when the user acts;
 * the engine calls it again for every still-pending mutation after applying a pull, so the screen keeps showing
 * what the user did until the server has it. Every function here must be idempotent: it runs once per pull.
 * Callers run it inside a transaction over `mutationTables(db)`.
 */
export function mutationTables(db: TidingsDb) {
	return [db.folders, db.subscriptions, db.entries, db.meta];
}

export async function applyMutation(db: TidingsDb, mutation: Mutation): Promise<void> {
	switch (mutation.name) {
		case 'folder.create': {
			const { folderId, name, orderKey } = mutation.args;
			await db.folders.put({ id: folderId, name, orderKey });
			return;
		}
		case 'folder.rename':
			await db.folders.update(mutation.args.folderId, { name: mutation.args.name });
			return;
		case 'folder.reorder':
			await db.folders.update(mutation.args.folderId, { orderKey: mutation.args.orderKey });
			return;
		case 'folder.delete':
			await db.folders.delete(mutation.args.folderId);
			await db.subscriptions.where('folderId').equals(mutation.args.folderId).modify({ folderId: null });
			return;
		case 'subscription.create':
			await createSubscription(db, mutation.args);
			return;
		case 'subscription.update': {
			const { subscriptionId, folderId, orderKey, title } = mutation.args;
			const changes: Partial<LocalSubscription> = {};
			if (folderId !== undefined) changes.folderId = folderId;
			if (orderKey !== undefined) changes.orderKey = orderKey;
			if (title !== undefined) changes.title = title;
			await db.subscriptions.update(subscriptionId, changes);
			return;
		}
		case 'subscription.delete':
			await deleteSubscription(db, mutation.args.subscriptionId);
			return;
		case 'entry.setRead':
			await db.entries
				.where('id')
				.anyOf(mutation.args.entryIds)
				.modify({ read: mutation.args.read ? 1 : 0 });
			return;
		case 'entry.setStarred':
			// Unstarred is no property at all (see LocalEntry.starred); Dexie deletes a property set to undefined.
			await db.entries.update(mutation.args.entryId, { starred: mutation.args.starred ? 1 : undefined });
			return;
		case 'entry.markAllRead':
			await markRead(db, mutation.args.scope, mutation.args.upTo);
			return;
		case 'settings.update': {
			const current = await getMeta(db, 'settings');
			await setMeta(db, 'settings', { ...current!, ...mutation.args.settings });
			return;
		}
	}
}

async function createSubscription(db: TidingsDb, args: MutationArgs<'subscription.create'>): Promise<void> {
	const existing = await db.subscriptions.get(args.subscriptionId);
	if (existing) {
		await db.subscriptions.update(args.subscriptionId, {
			folderId: args.folderId,
			orderKey: args.orderKey,
			...(args.title !== undefined ? { title: args.title } : {})
		});
		return;
	}
	// feedId 0 until the server has fetched the feed and a pull brings the real row.
	await db.subscriptions.put({
		id: args.subscriptionId,
		feedId: 0,
		folderId: args.folderId,
		orderKey: args.orderKey,
		title: args.title ?? null,
		feedTitle: null,
		feedUrl: args.url,
		siteUrl: null,
		iconUrl: null,
		lastFetchedAt: null,
		error: null
	});
}

/** Drops a subscription and the entries of its feed (a user subscribes to a feed at most once). */
export async function deleteSubscription(db: TidingsDb, subscriptionId: string): Promise<void> {
	const subscription = await db.subscriptions.get(subscriptionId);
	if (!subscription) return;
	await db.subscriptions.delete(subscriptionId);
	if (subscription.feedId !== 0) await entriesOfFeed(db, subscription.feedId).delete();
}

/** The feeds a mark-all-read scope covers, or null for every feed. */
export async function feedIdsInScope(db: TidingsDb, scope: MarkAllReadScope): Promise<number[] | null> {
	switch (scope.kind) {
		case 'all':
			return null;
		case 'folder':
			return (await db.subscriptions.where('folderId').equals(scope.folderId).toArray()).map((s) => s.feedId);
		case 'subscription': {
			const subscription = await db.subscriptions.get(scope.subscriptionId);
			return subscription ? [subscription.feedId] : [];
		}
	}
}

async function markRead(db: TidingsDb, scope: MarkAllReadScope, upTo: number): Promise<void> {
	const feedIds = await feedIdsInScope(db, scope);
	if (feedIds === null) {
		await unreadEntries(db)
			.filter((e) => e.id <= upTo)
			.modify({ read: 1 });
		return;
	}
	for (const feedId of feedIds) {
		await unreadOfFeed(db, feedId)
			.filter((e) => e.id <= upTo)
			.modify({ read: 1 });
	}
}
