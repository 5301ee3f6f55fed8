import type { Sql } from '../db/sql';
import { feedStreamId, labelStreamId, READING_LIST, STARRED } from './ids';
import { toReaderItem, type ReaderItem } from './item-json';
import {
	itemRefs,
	listReaderFolders,
	listReaderSubscriptions,
	readerItems,
	unreadCountsByFeed,
	type ItemFilter,
	type ItemRef
} from './reader-repo';
import type { StreamQuery } from './stream-query';

/** One page of a stream: a continuation only when there is more (one row more than asked tells). */
export async function itemRefsPage(db: Sql, filter: ItemFilter): Promise<{ refs: ItemRef[]; continuation?: string }> {
	const refs = await itemRefs(db, { ...filter, limit: filter.limit + 1 });
	if (refs.length <= filter.limit) return { refs };
	refs.length = filter.limit;
	return { refs, continuation: String(refs[refs.length - 1]!.id) };
}

export async function streamItemIds(db: Sql, query: StreamQuery) {
	const { refs, continuation } = await itemRefsPage(db, query.filter);
	return {
		// Only the id: the clients read nothing else here, and 10,000 refs with their stream and time were four
		// times the bytes to build, gzip and send.
		itemRefs: refs.map((ref) => ({ id: String(ref.id) })),
		...(continuation ? { continuation } : {})
	};
}

/** The user's entries among `ids`, in the order asked; ids that are not theirs are left out. */
export async function itemsInOrder(db: Sql, userId: number, ids: number[], origin: string): Promise<ReaderItem[]> {
	const byId = new Map((await readerItems(db, userId, ids)).map((row) => [row.id, row]));
	return ids.flatMap((id) => {
		const row = byId.get(id);
		return row ? [toReaderItem(row, origin)] : [];
	});
}

function contentsEnvelope(id: string, items: ReaderItem[], now: number, continuation?: string) {
	return {
		direction: 'ltr',
		id,
		title: id === READING_LIST ? 'Reading List' : id,
		updated: Math.floor(now / 1000),
		items,
		...(continuation ? { continuation } : {})
	};
}

/** Where the request came from: what the items' media URLs are made absolute with. */
export interface ContentsContext {
	now: number;
	origin: string;
}

export async function streamContents(db: Sql, userId: number, query: StreamQuery, { now, origin }: ContentsContext) {
	const { refs, continuation } = await itemRefsPage(db, query.filter);
	const items = await itemsInOrder(
		db,
		userId,
		refs.map((ref) => ref.id),
		origin
	);
	return contentsEnvelope(query.stream.id, items, now, continuation);
}

export async function itemContents(db: Sql, userId: number, ids: number[], { now, origin }: ContentsContext) {
	return contentsEnvelope(READING_LIST, await itemsInOrder(db, userId, ids, origin), now);
}

export async function subscriptionList(db: Sql, userId: number) {
	return {
		subscriptions: (await listReaderSubscriptions(db, userId)).map((s) => ({
			id: feedStreamId(s.feed_id),
			title: s.title,
			categories: s.folder_name === null ? [] : [{ id: labelStreamId(s.folder_name), label: s.folder_name }],
			url: s.url,
			htmlUrl: s.site_url ?? s.url,
			iconUrl: s.icon_url ?? '',
			firstitemmsec: String(s.created_at)
		}))
	};
}

/** Starred first, then the folders; folder order is the user's but not part of the API. */
export async function tagList(db: Sql, userId: number) {
	const folders = [...new Set((await listReaderFolders(db, userId)).map((f) => f.name))];
	return {
		tags: [{ id: STARRED }, ...folders.map((name) => ({ id: labelStreamId(name), label: name, type: 'folder' }))]
	};
}

/** Per feed, per folder and for the reading list: unread count and the newest unread item's crawl time. */
export async function unreadCounts(db: Sql, userId: number) {
	const byFeed = new Map((await unreadCountsByFeed(db, userId)).map((row) => [row.feed_id, row]));
	const totals = new Map<string, { count: number; newest: number }>();
	const add = (id: string, count: number, newest: number) => {
		const total = totals.get(id) ?? { count: 0, newest: 0 };
		totals.set(id, { count: total.count + count, newest: Math.max(total.newest, newest) });
	};
	for (const s of await listReaderSubscriptions(db, userId)) {
		const row = byFeed.get(s.feed_id);
		if (!row) continue;
		add(feedStreamId(s.feed_id), row.count, row.newest);
		if (s.folder_name !== null) add(labelStreamId(s.folder_name), row.count, row.newest);
		add(READING_LIST, row.count, row.newest);
	}
	const unreadcounts = [...totals].map(([id, t]) => ({
		id,
		count: t.count,
		newestItemTimestampUsec: `${t.newest}000`
	}));
	return { max: totals.get(READING_LIST)?.count ?? 0, unreadcounts };
}
