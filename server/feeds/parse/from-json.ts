import type { JsonFeed } from 'feedsmith';
import { firstNonEmpty, positiveNumber, textToHtml, type RawEntry, type RawFeedHead } from './raw-feed';

type Feed = JsonFeed.Feed<string>;
type JsonItem = JsonFeed.Item<string>;

/** JSON Feed 1.0 and 1.1 (1.0's single `author` is read by feedsmith as `authors`). */
export function fromJson(feed: Feed, url: string): RawFeedHead {
	return {
		title: feed.title ?? null,
		titleIsHtml: false,
		siteUrl: firstNonEmpty(feed.home_page_url),
		description: firstNonEmpty(feed.description),
		iconUrl: firstNonEmpty(feed.favicon, feed.icon),
		language: firstNonEmpty(feed.language),
		ttlMinutes: null,
		base: url
	};
}

export function fromJsonItem(item: JsonItem, feed: Feed, base: string): RawEntry {
	const feedAuthor = feed.authors?.[0]?.name;
	const text = firstNonEmpty(item.content_text);
	return {
		id: firstNonEmpty(item.id === undefined ? undefined : String(item.id)),
		link: firstNonEmpty(item.url, item.external_url),
		base,
		title: firstNonEmpty(item.title),
		titleIsHtml: false,
		author: firstNonEmpty(item.authors?.[0]?.name, feedAuthor),
		content: firstNonEmpty(item.content_html, text ? textToHtml(text) : null),
		summary: firstNonEmpty(item.summary),
		published: firstNonEmpty(item.date_published, item.date_modified),
		updated: firstNonEmpty(item.date_modified),
		enclosures: (item.attachments ?? []).flatMap((a) =>
			a.url ? [{ url: a.url, type: a.mime_type ?? null, length: positiveNumber(a.size_in_bytes) }] : []
		),
		categories: item.tags ?? [],
		language: firstNonEmpty(item.language)
	};
}
