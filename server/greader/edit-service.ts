import { randomUUID } from 'node:crypto';
import type { Sql, Store } from '../db/sql';
import { invalid } from '../domain-errors';
import { keyBetween } from '#shared/order-keys';
import { listFolderKeys } from '../sync/repos/folders-repo';
import { findSubscriptionToFeed, listSubscriptionKeys } from '../sync/repos/subscriptions-repo';
import { feedIdByUrl } from '../feeds/feeds-repo';
import { inEditTransaction, type ApplyMutation, type EditOutcome } from './edit-transaction';
import { parseItemId, parseStreamId } from './ids';
import { findFolderByName, itemRefs, newestItemId } from './reader-repo';
import { resolveStream, type ResolvedStream } from './stream-query';

/** entry.setRead takes at most this many ids; a longer list becomes several mutations in one transaction. */
const READ_BATCH = 1000;

export function parseItemIds(values: string[]): number[] {
	if (values.length === 0) throw invalid('name at least one item with i=');
	return values.map((value) => {
		const id = parseItemId(value);
		if (id === undefined) throw invalid(`"${value.slice(0, 80)}" is not an item id`);
		return id;
	});
}

const stateOf = (tags: string[]) =>
	new Set(
		tags.flatMap((tag) => {
			const stream = parseStreamId(tag);
			return stream?.kind === 'state' ? [stream.state] : [];
		})
	);

async function setRead(apply: ApplyMutation, ids: number[], read: boolean): Promise<void> {
	for (let start = 0; start < ids.length; start += READ_BATCH) {
		await apply('entry.setRead', { entryIds: ids.slice(start, start + READ_BATCH), read });
	}
}

/**
 * edit-tag: `read`, `kept-unread` and `starred` change marks; anything else (`tracking-*`, `like`, `broadcast`,
 * labels on items, unknown tags) is accepted and ignored, as Google did. Removing `read` or adding `kept-unread`
 * means unread; adding `read` wins over both.
 */
export async function editTags(
	store: Store,
	userId: number,
	now: number,
	ids: number[],
	add: string[],
	remove: string[]
) {
	const added = stateOf(add);
	const removed = stateOf(remove);
	const read = added.has('read') ? true : removed.has('read') || added.has('kept-unread') ? false : undefined;
	const starred = added.has('starred') ? true : removed.has('starred') ? false : undefined;
	return await inEditTransaction(store, userId, now, async (apply) => {
		if (read !== undefined) await setRead(apply, ids, read);
		if (starred !== undefined) for (const entryId of ids) await apply('entry.setStarred', { entryId, starred });
	});
}

/**
 * mark-all-as-read, bounded by `ts` (crawl time in microseconds) when given, so entries that arrived after the
 * client looked stay unread. A feed, a label and the reading list are one entry.markAllRead; the read and starred
 * streams are the listed entries.
 */
export async function markAllAsRead(store: Store, userId: number, now: number, streamId: string, tsUsec?: number) {
	const until = tsUsec === undefined ? undefined : Math.floor(tsUsec / 1000);
	return await inEditTransaction(store, userId, now, async (apply, tx) => {
		const stream = await resolveStream(tx, userId, streamId);
		if (stream.only || stream.unreadOnly) {
			const refs = await itemRefs(tx, {
				userId,
				only: stream.only,
				exclude: { read: true, starred: false },
				until: until === undefined ? undefined : until + 1,
				oldestFirst: true,
				limit: 1_000_000
			});
			await setRead(
				apply,
				refs.map((r) => r.id),
				true
			);
			return;
		}
		const upTo = await newestItemId(tx, { userId, feedId: stream.feedId, folderId: stream.folderId, until });
		if (upTo === null) return;
		await apply('entry.markAllRead', { scope: await scopeOf(tx, userId, stream), upTo });
	});
}

async function scopeOf(sql: Sql, userId: number, stream: ResolvedStream) {
	if (stream.folderId !== undefined) return { kind: 'folder', folderId: stream.folderId };
	if (stream.feedId !== undefined) {
		return { kind: 'subscription', subscriptionId: (await findSubscriptionToFeed(sql, userId, stream.feedId))!.id };
	}
	return { kind: 'all' };
}

/** The folder a label names, made (at the end of the user's folders) when there is none of that name yet. */
async function folderForLabel(sql: Sql, userId: number, apply: ApplyMutation, label: string): Promise<string> {
	const stream = parseStreamId(label);
	if (stream?.kind !== 'label') throw invalid(`"${label}" is not a label (user/-/label/<name>)`);
	const existing = await findFolderByName(sql, userId, stream.name);
	if (existing) return existing.id;
	const folderId = randomUUID();
	const last = (await listFolderKeys(sql, userId)).at(-1)?.order_key ?? null;
	const result = await apply('folder.create', { folderId, name: stream.name, orderKey: keyBetween(last, null) });
	if (result.status !== 'applied') throw invalid(`cannot make a folder "${stream.name}": ${result.message ?? ''}`);
	return folderId;
}

const lastKeyIn = async (sql: Sql, userId: number, folderId: string | null) =>
	(await listSubscriptionKeys(sql, userId, folderId)).at(-1)?.order_key ?? null;

/** Subscribes to a feed URL (at the end of its folder); the feed id is known at once, its first fetch follows. */
async function subscribe(sql: Sql, userId: number, apply: ApplyMutation, url: string, title?: string, label?: string) {
	const folderId = label === undefined ? null : await folderForLabel(sql, userId, apply, label);
	const result = await apply('subscription.create', {
		subscriptionId: randomUUID(),
		url,
		folderId,
		orderKey: keyBetween(await lastKeyIn(sql, userId, folderId), null),
		...(title ? { title } : {})
	});
	if (result.status === 'rejected' && result.code !== 'conflict') {
		throw invalid(`cannot subscribe to "${url.slice(0, 200)}": ${result.message ?? result.code ?? ''}`);
	}
	return await feedIdByUrl(sql, url);
}

export interface SubscriptionEdit {
	action: 'subscribe' | 'unsubscribe' | 'edit';
	streams: string[];
	title?: string;
	add: string[];
	remove: string[];
}

async function subscribedStream(sql: Sql, userId: number, id: string) {
	const stream = await resolveStream(sql, userId, id);
	if (stream.feedId === undefined) throw invalid(`"${id}" is not a feed`);
	return (await findSubscriptionToFeed(sql, userId, stream.feedId))!;
}

async function subscriptionEdit(sql: Sql, userId: number, apply: ApplyMutation, edit: SubscriptionEdit, id: string) {
	if (edit.action === 'subscribe') {
		const stream = parseStreamId(id);
		if (stream?.kind !== 'feed-url') throw invalid(`subscribe takes s=feed/<URL>, not "${id}"`);
		await subscribe(sql, userId, apply, stream.url, edit.title, edit.add[0]);
		return;
	}
	const subscription = await subscribedStream(sql, userId, id);
	if (edit.action === 'unsubscribe') {
		await apply('subscription.delete', { subscriptionId: subscription.id });
		return;
	}
	const removed = new Set<string | undefined>();
	for (const label of edit.remove) {
		removed.add((await findFolderByName(sql, userId, label.replace(/^user\/[^/]*\/label\//, '')))?.id);
	}
	let folderId: string | null | undefined;
	if (edit.add[0] !== undefined) folderId = await folderForLabel(sql, userId, apply, edit.add[0]);
	else if (subscription.folder_id !== null && removed.has(subscription.folder_id)) folderId = null;
	if (folderId === undefined && !edit.title) return;
	const moved = folderId !== undefined && folderId !== subscription.folder_id;
	await apply('subscription.update', {
		subscriptionId: subscription.id,
		...(moved ? { folderId, orderKey: keyBetween(await lastKeyIn(sql, userId, folderId ?? null), null) } : {}),
		...(edit.title ? { title: edit.title } : {})
	});
}

export async function editSubscriptions(
	store: Store,
	userId: number,
	now: number,
	edit: SubscriptionEdit
): Promise<EditOutcome<void>> {
	if (edit.streams.length === 0) throw invalid('name the feed with s=');
	return await inEditTransaction(store, userId, now, async (apply, tx) => {
		for (const id of edit.streams) await subscriptionEdit(tx, userId, apply, edit, id);
	});
}

export async function quickAdd(store: Store, userId: number, now: number, url: string) {
	return await inEditTransaction(store, userId, now, (apply, tx) =>
		subscribe(tx, userId, apply, url.replace(/^feed\//, ''))
	);
}

async function labelFolder(sql: Sql, userId: number, label: string): Promise<string> {
	const stream = await resolveStream(sql, userId, label);
	if (stream.folderId === undefined) throw invalid(`"${label}" is not a label`);
	return stream.folderId;
}

export async function renameTag(store: Store, userId: number, now: number, from: string, to: string) {
	const target = parseStreamId(to);
	const name = target?.kind === 'label' ? target.name : to;
	return await inEditTransaction(store, userId, now, async (apply, tx) => {
		const result = await apply('folder.rename', { folderId: await labelFolder(tx, userId, from), name });
		if (result.status !== 'applied') throw invalid(`cannot rename to "${name}": ${result.message ?? ''}`);
	});
}

/** Deleting a label deletes the folder; its feeds move to the top level (folder.delete). */
export async function disableTag(store: Store, userId: number, now: number, label: string) {
	return await inEditTransaction(store, userId, now, async (apply, tx) => {
		await apply('folder.delete', { folderId: await labelFolder(tx, userId, label) });
	});
}
