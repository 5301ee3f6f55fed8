import { feedStreamId, labelStreamId, longItemId, READ, READING_LIST, STARRED } from './ids';
import type { ReaderItemRow } from './reader-repo';

/** One item as Google Reader's JSON carried it; the fields and their types are what clients decode. */
export interface ReaderItem {
	id: string;
	crawlTimeMsec: string;
	timestampUsec: string;
	published: number;
	updated: number;
	title: string;
	author: string;
	canonical: { href: string }[];
	alternate: { href: string; type: string }[];
	summary: { direction: string; content: string };
	categories: string[];
	origin: { streamId: string; title: string; htmlUrl: string };
	enclosure: { href: string; type: string; length?: string }[];
}

interface StoredEnclosure {
	url: string;
	type: string | null;
	length: number | null;
}

function enclosures(json: string): ReaderItem['enclosure'] {
	const list = JSON.parse(json) as StoredEnclosure[];
	return list.map((e) => ({
		href: e.url,
		type: e.type ?? 'application/octet-stream',
		...(e.length ? { length: String(e.length) } : {})
	}));
}

/** The states and labels an item is in, with `read` and `starred` spelled exactly as clients match them. */
export function itemCategories(row: Pick<ReaderItemRow, 'folder_name' | 'read' | 'starred'>): string[] {
	const categories = [READING_LIST];
	if (row.folder_name !== null) categories.push(labelStreamId(row.folder_name));
	if (row.read) categories.push(READ);
	if (row.starred) categories.push(STARRED);
	return categories;
}

/** The entry's HTML was sanitized when it was stored. */
export function itemHtml(row: Pick<ReaderItemRow, 'content' | 'summary'>): string {
	return row.content ?? row.summary ?? '';
}

export function toReaderItem(row: ReaderItemRow): ReaderItem {
	const links = row.url ? [{ href: row.url }] : [];
	return {
		id: longItemId(row.id),
		crawlTimeMsec: String(row.fetched_at),
		timestampUsec: `${row.fetched_at}000`,
		published: Math.floor(row.published_at / 1000),
		updated: Math.floor((row.updated_at ?? row.published_at) / 1000),
		title: row.title,
		author: row.author ?? '',
		canonical: links,
		alternate: links.map((link) => ({ ...link, type: 'text/html' })),
		summary: { direction: row.dir, content: itemHtml(row) },
		categories: itemCategories(row),
		origin: { streamId: feedStreamId(row.feed_id), title: row.feed_title, htmlUrl: row.site_url ?? row.feed_url },
		enclosure: enclosures(row.enclosures)
	};
}
