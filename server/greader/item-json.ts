import { MEDIA_PATH } from '../media/media-signing';
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

/** An image's src, srcset or poster attribute (sanitize-html always writes them double-quoted). */
const MEDIA_ATTRIBUTE = /(\s(?:src|srcset|poster)=")([^"]*)"/g;
/** A media URL the server signed at ingest, relative, at the start of an attribute value or of a srcset entry. */
const RELATIVE_MEDIA = new RegExp(`(^|[\\s,])${MEDIA_PATH}`, 'g');

/**
 * The entry's HTML, sanitized when it was stored. Its images point at this server's media proxy by a relative
 * path, which a native client would resolve against the article's site: they are made absolute with `origin`.
 * Only attribute values are touched, and only in HTML that mentions the path at all (most entries have no image).
 */
export function itemHtml(row: Pick<ReaderItemRow, 'content' | 'summary'>, origin: string): string {
	const html = row.content ?? row.summary ?? '';
	if (!html.includes(MEDIA_PATH)) return html;
	return html.replace(MEDIA_ATTRIBUTE, (attribute, start: string, value: string) =>
		value.includes(MEDIA_PATH) ? `${start}${value.replace(RELATIVE_MEDIA, `$1${origin}${MEDIA_PATH}`)}"` : attribute
	);
}

export function toReaderItem(row: ReaderItemRow, origin: string): ReaderItem {
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
		summary: { direction: row.dir, content: itemHtml(row, origin) },
		categories: itemCategories(row),
		origin: { streamId: feedStreamId(row.feed_id), title: row.feed_title, htmlUrl: row.site_url ?? row.feed_url },
		enclosure: enclosures(row.enclosures)
	};
}
