import type { TidingsDb } from '$lib/db/database';
import { entriesOfFeed, unreadEntries, unreadOfFeed } from '$lib/db/entry-ranges';
import { getMeta, setMeta } from '$lib/db/meta';
import type { LocalSubscription } from '$lib/db/schema';
import type { MarkAllReadScope, Mutation, MutationArgs } from '$lib/shared/mutations';
import { keepEntryFlags, keepFolder, keepSettings, keepSubscription, keepSubscriptions } from './confirmed';

/**
 * The one place that knows what each mutation does to the local database. Actions call it when the user acts;
 * the engine calls it again for every still-pending mutation after applying a pull or putting the confirmed rows
 * back (rebase.ts), so the screen keeps showing what the user did until the server has it. Before it first
 * changes a row, it keeps the row's confirmed value (confirmed.ts): that is what makes an optimistic change
 * undoable. Every function here must be idempotent: it runs again on every rebase.
 * Callers run it inside a transaction over `mutationTables(db)`.
 */
export function mutationTables(db: TidingsDb) {
	return [db.folders, db.subscriptions, db.entries, db.meta, db.confirmed];
}

export async function applyMutation(db: TidingsDb, mutation: Mutation): Promise<void> {
	switch (mutation.name) {
		case 'folder.create': {
			const { folderId, name, orderKey } = mutation.args;
			await keepFolder(db, folderId);
			await db.folders.put({ id: folderId, name, orderKey });
			return;
		}
		case 'folder.rename':
			await keepFolder(db, mutation.args.folderId);
			await db.folders.update(mutation.args.folderId, { name: mutation.args.name });
			return;
		case 'folder.reorder':
			await keepFolder(db, mutation.args.folderId);
			await db.folders.update(mutation.args.folderId, { orderKey: mutation.args.orderKey });
			return;
		case 'folder.delete': {
			await keepFolder(db, mutation.args.folderId);
			await db.folders.delete(mutation.args.folderId);
			const inFolder = db.subscriptions.where('folderId').equals(mutation.args.folderId);
			await keepSubscriptions(db, await inFolder.toArray());
			await inFolder.modify({ folderId: null });
			return;
		}
		case 'subscription.create':
			await keepSubscription(db, mutation.args.subscriptionId);
			await createSubscription(db, mutation.args);
			return;
		case 'subscription.update': {
			const { subscriptionId, folderId, orderKey, title } = mutation.args;
			const changes: Partial<LocalSubscription> = {};
			if (folderId !== undefined) changes.folderId = folderId;
			if (orderKey !== undefined) changes.orderKey = orderKey;
			if (title !== undefined) changes.title = title;
			await keepSubscription(db, subscriptionId);
			await db.subscriptions.update(subscriptionId, changes);
			return;
		}
		case 'subscription.delete':
			await keepSubscription(db, mutation.args.subscriptionId);
			await deleteSubscription(db, mutation.args.subscriptionId);
			return;
		case 'entry.setRead': {
			// A fresh collection for each pass: a Dexie anyOf collection cannot be walked twice.
			const entries = () => db.entries.where('id').anyOf(mutation.args.entryIds);
			await keepEntryFlags(db, await entries().toArray());
			await entries().modify({ read: mutation.args.read ? 1 : 0 });
			return;
		}
		case 'entry.setStarred': {
			const entry = await db.entries.get(mutation.args.entryId);
			if (!entry) return;
			await keepEntryFlags(db, [entry]);
			// Unstarred is no property at all (see LocalEntry.starred); Dexie deletes a property set to undefined.
			await db.entries.update(mutation.args.entryId, { starred: mutation.args.starred ? 1 : undefined });
			return;
		}
		case 'entry.markAllRead':
			await markRead(db, mutation.args);
			return;
		case 'settings.update': {
			await keepSettings(db);
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

/**
 * Drops a subscription and the entries of its feed, unless another subscription to that feed is stored: the same
 * feed subscribed again (on any device) under a new id, whose row may arrive before the old one's removal.
 */
export async function deleteSubscription(db: TidingsDb, subscriptionId: string): Promise<void> {
	const subscription = await db.subscriptions.get(subscriptionId);
	if (!subscription) return;
	await db.subscriptions.delete(subscriptionId);
	if (subscription.feedId === 0) return;
	if ((await db.subscriptions.where('feedId').equals(subscription.feedId).count()) > 0) return;
	await entriesOfFeed(db, subscription.feedId).delete();
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

async function markRead(db: TidingsDb, { scope, upTo, feedIds }: MutationArgs<'entry.markAllRead'>): Promise<void> {
	let inScope = await feedIdsInScope(db, scope);
	if (feedIds) {
		const seen = new Set(feedIds);
		inScope = (inScope ?? feedIds).filter((id) => seen.has(id));
	}
	const ranges = inScope === null ? [unreadEntries(db)] : inScope.map((feedId) => unreadOfFeed(db, feedId));
	for (const range of ranges) {
		const marked = await range.filter((e) => e.id <= upTo).toArray();
		await keepEntryFlags(db, marked);
		await db.entries.bulkUpdate(marked.map((e) => ({ key: e.id, changes: { read: 1 } })));
	}
}
