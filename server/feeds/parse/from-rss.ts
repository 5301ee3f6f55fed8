import type { RdfFeed, RssFeed } from 'feedsmith';
import { mediaContentHtml } from './media-content';
import { firstNonEmpty, positiveNumber, resolveUrl, type RawEntry, type RawFeed } from './raw-feed';

type RssItem = RssFeed.Item<string>;
type RdfItem = RdfFeed.Item<string>;

/** RSS 0.9x and 2.0. */
export function fromRss(feed: RssFeed.Feed<string>, url: string): RawFeed {
	const base = resolveUrl(feed.xml?.base, url) ?? url;
	return {
		title: feed.title ?? null,
		titleIsHtml: true,
		siteUrl: firstNonEmpty(feed.link),
		description: firstNonEmpty(feed.description, feed.itunes?.summary, feed.itunes?.subtitle),
		iconUrl: firstNonEmpty(feed.image?.url, feed.itunes?.image),
		language: firstNonEmpty(feed.language, feed.dc?.languages?.[0]),
		ttlMinutes: positiveNumber(feed.ttl),
		base,
		entries: (feed.items ?? []).map((item) => fromRssItem(item, base))
	};
}

function fromRssItem(item: RssItem, feedBase: string): RawEntry {
	const base = resolveUrl(item.xml?.base, feedBase) ?? feedBase;
	const guid = firstNonEmpty(item.guid?.value);
	// A GUID that is a permalink is the item's link when the item has none.
	const guidLink = guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : null;
	const description = firstNonEmpty(item.description);
	const encoded = firstNonEmpty(item.content?.encoded);
	return {
		id: guid,
		link: firstNonEmpty(item.link, guidLink, item.atom?.links?.find((l) => !l.rel || l.rel === 'alternate')?.href),
		base,
		title: firstNonEmpty(item.title, item.itunes?.title),
		titleIsHtml: true,
		author: firstNonEmpty(
			item.authors?.[0]?.name,
			item.authors?.[0]?.email,
			item.dc?.creators?.[0],
			item.itunes?.author,
			item.atom?.authors?.[0]?.name
		),
		content: firstNonEmpty(encoded, description, item.itunes?.summary, mediaContentHtml(item.media)),
		summary: encoded ? description : null,
		published: firstNonEmpty(item.pubDate, item.dc?.dates?.[0], item.atom?.published, item.atom?.updated),
		updated: firstNonEmpty(item.atom?.updated, item.dcterms?.modified?.[0]),
		enclosures: (item.enclosures ?? []).flatMap((e) =>
			e.url ? [{ url: e.url, type: e.type ?? null, length: positiveNumber(e.length) }] : []
		),
		categories: [...(item.categories ?? []).map((c) => c.name ?? ''), ...(item.dc?.subjects ?? [])],
		language: firstNonEmpty(item.dc?.languages?.[0], item.xml?.lang)
	};
}

/** RSS 0.90 and 1.0 (RDF). */
export function fromRdf(feed: RdfFeed.Feed<string>, url: string): RawFeed {
	return {
		title: feed.title ?? null,
		titleIsHtml: true,
		siteUrl: firstNonEmpty(feed.link),
		description: firstNonEmpty(feed.description),
		iconUrl: firstNonEmpty(feed.image?.url),
		language: firstNonEmpty(feed.dc?.languages?.[0]),
		ttlMinutes: null,
		base: url,
		entries: (feed.items ?? []).map((item) => fromRdfItem(item, url))
	};
}

function fromRdfItem(item: RdfItem, base: string): RawEntry {
	const description = firstNonEmpty(item.description);
	const encoded = firstNonEmpty(item.content?.encoded);
	return {
		id: firstNonEmpty(item.rdf?.about),
		link: firstNonEmpty(item.link, item.rdf?.about),
		base,
		title: firstNonEmpty(item.title),
		titleIsHtml: true,
		author: firstNonEmpty(item.dc?.creators?.[0]),
		content: firstNonEmpty(encoded, description),
		summary: encoded ? description : null,
		published: firstNonEmpty(item.dc?.dates?.[0]),
		updated: firstNonEmpty(item.dcterms?.modified?.[0]),
		enclosures: [],
		categories: item.dc?.subjects ?? [],
		language: firstNonEmpty(item.dc?.languages?.[0])
	};
}
