import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
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

function setRead(apply: ApplyMutation, ids: number[], read: boolean): void {
	for (let start = 0; start < ids.length; start += READ_BATCH) {
		apply('entry.setRead', { entryIds: ids.slice(start, start + READ_BATCH), read });
	}
}

/**
 * edit-tag: `read`, `kept-unread` and `starred` change marks; anything else (`tracking-*`, `like`, `broadcast`,
 * labels on items, unknown tags) is accepted and ignored, as Google did. Removing `read` or adding `kept-unread`
 * means unread; adding `read` wins over both.
 */
export function editTags(db: Db, userId: number, now: number, ids: number[], add: string[], remove: string[]) {
	const added = stateOf(add);
	const removed = stateOf(remove);
	const read = added.has('read') ? true : removed.has('read') || added.has('kept-unread') ? false : undefined;
	const starred = added.has('starred') ? true : removed.has('starred') ? false : undefined;
	return inEditTransaction(db, userId, now, (apply) => {
		if (read !== undefined) setRead(apply, ids, read);
		if (starred !== undefined) for (const entryId of ids) apply('entry.setStarred', { entryId, starred });
	});
}

/**
 * mark-all-as-read, bounded by `ts` (crawl time in microseconds) when given, so entries that arrived after the
 * client looked stay unread. A feed, a label and the reading list are one entry.markAllRead; the read and starred
 * streams are the listed entries.
 */
export function markAllAsRead(db: Db, userId: number, now: number, streamId: string, tsUsec?: number) {
	const until = tsUsec === undefined ? undefined : Math.floor(tsUsec / 1000);
	return inEditTransaction(db, userId, now, (apply) => {
		const stream = resolveStream(db, userId, streamId);
		if (stream.only || stream.unreadOnly) {
			const refs = itemRefs(db, {
				userId,
				only: stream.only,
				exclude: { read: true, starred: false },
				until: until === undefined ? undefined : until + 1,
				oldestFirst: true,
				limit: 1_000_000
			});
			setRead(
				apply,
				refs.map((r) => r.id),
				true
			);
			return;
		}
		const upTo = newestItemId(db, { userId, feedId: stream.feedId, folderId: stream.folderId, until });
		if (upTo === null) return;
		apply('entry.markAllRead', { scope: scopeOf(db, userId, stream), upTo });
	});
}

function scopeOf(db: Db, userId: number, stream: ResolvedStream) {
	if (stream.folderId !== undefined) return { kind: 'folder', folderId: stream.folderId };
	if (stream.feedId !== undefined) {
		return { kind: 'subscription', subscriptionId: findSubscriptionToFeed(db, userId, stream.feedId)!.id };
	}
	return { kind: 'all' };
}

/** The folder a label names, made (at the end of the user's folders) when there is none of that name yet. */
function folderForLabel(db: Db, userId: number, apply: ApplyMutation, label: string): string {
	const stream = parseStreamId(label);
	if (stream?.kind !== 'label') throw invalid(`"${label}" is not a label (user/-/label/<name>)`);
	const existing = findFolderByName(db, userId, stream.name);
	if (existing) return existing.id;
	const folderId = randomUUID();
	const last = listFolderKeys(db, userId).at(-1)?.order_key ?? null;
	const result = apply('folder.create', { folderId, name: stream.name, orderKey: keyBetween(last, null) });
	if (result.status !== 'applied') throw invalid(`cannot make a folder "${stream.name}": ${result.message ?? ''}`);
	return folderId;
}

const lastKeyIn = (db: Db, userId: number, folderId: string | null) =>
	listSubscriptionKeys(db, userId, folderId).at(-1)?.order_key ?? null;

/** Subscribes to a feed URL (at the end of its folder); the feed id is known at once, its first fetch follows. */
function subscribe(db: Db, userId: number, apply: ApplyMutation, url: string, title?: string, label?: string) {
	const folderId = label === undefined ? null : folderForLabel(db, userId, apply, label);
	const result = apply('subscription.create', {
		subscriptionId: randomUUID(),
		url,
		folderId,
		orderKey: keyBetween(lastKeyIn(db, userId, folderId), null),
		...(title ? { title } : {})
	});
	if (result.status === 'rejected' && result.code !== 'conflict') {
		throw invalid(`cannot subscribe to "${url.slice(0, 200)}": ${result.message ?? result.code ?? ''}`);
	}
	return feedIdByUrl(db, url);
}

export interface SubscriptionEdit {
	action: 'subscribe' | 'unsubscribe' | 'edit';
	streams: string[];
	title?: string;
	add: string[];
	remove: string[];
}

function subscribedStream(db: Db, userId: number, id: string) {
	const stream = resolveStream(db, userId, id);
	if (stream.feedId === undefined) throw invalid(`"${id}" is not a feed`);
	return findSubscriptionToFeed(db, userId, stream.feedId)!;
}

function subscriptionEdit(db: Db, userId: number, apply: ApplyMutation, edit: SubscriptionEdit, id: string) {
	if (edit.action === 'subscribe') {
		const stream = parseStreamId(id);
		if (stream?.kind !== 'feed-url') throw invalid(`subscribe takes s=feed/<URL>, not "${id}"`);
		subscribe(db, userId, apply, stream.url, edit.title, edit.add[0]);
		return;
	}
	const subscription = subscribedStream(db, userId, id);
	if (edit.action === 'unsubscribe') {
		apply('subscription.delete', { subscriptionId: subscription.id });
		return;
	}
	const removed = new Set(
		edit.remove.map((label) => findFolderByName(db, userId, label.replace(/^user\/[^/]*\/label\//, ''))?.id)
	);
	let folderId: string | null | undefined;
	if (edit.add[0] !== undefined) folderId = folderForLabel(db, userId, apply, edit.add[0]);
	else if (subscription.folder_id !== null && removed.has(subscription.folder_id)) folderId = null;
	if (folderId === undefined && !edit.title) return;
	const moved = folderId !== undefined && folderId !== subscription.folder_id;
	apply('subscription.update', {
		subscriptionId: subscription.id,
		...(moved ? { folderId, orderKey: keyBetween(lastKeyIn(db, userId, folderId ?? null), null) } : {}),
		...(edit.title ? { title: edit.title } : {})
	});
}

export function editSubscriptions(db: Db, userId: number, now: number, edit: SubscriptionEdit): EditOutcome<void> {
	if (edit.streams.length === 0) throw invalid('name the feed with s=');
	return inEditTransaction(db, userId, now, (apply) => {
		for (const id of edit.streams) subscriptionEdit(db, userId, apply, edit, id);
	});
}

export function quickAdd(db: Db, userId: number, now: number, url: string) {
	return inEditTransaction(db, userId, now, (apply) => subscribe(db, userId, apply, url.replace(/^feed\//, '')));
}

function labelFolder(db: Db, userId: number, label: string): string {
	const stream = resolveStream(db, userId, label);
	if (stream.folderId === undefined) throw invalid(`"${label}" is not a label`);
	return stream.folderId;
}

export function renameTag(db: Db, userId: number, now: number, from: string, to: string) {
	const target = parseStreamId(to);
	const name = target?.kind === 'label' ? target.name : to;
	return inEditTransaction(db, userId, now, (apply) => {
		const result = apply('folder.rename', { folderId: labelFolder(db, userId, from), name });
		if (result.status !== 'applied') throw invalid(`cannot rename to "${name}": ${result.message ?? ''}`);
	});
}

/** Deleting a label deletes the folder; its feeds move to the top level (folder.delete). */
export function disableTag(db: Db, userId: number, now: number, label: string) {
	return inEditTransaction(db, userId, now, (apply) => {
		apply('folder.delete', { folderId: labelFolder(db, userId, label) });
	});
}
