import type { ReaderItem } from './item-json';

/*
 * reader/atom/<stream>: the same items as stream/contents, as Google Reader's Atom, which FeedHQ-mode clients
 * (Debian's newsboat) read. Those clients learn an item's state only from its <category> elements in Google's
 * scheme, by label: `read` marks it read, `fresh` marks it unread (so an entry marked unread elsewhere turns unread
 * in the client too), `starred` starred. Written by hand: the output is a dozen fixed elements, and every text
 * and attribute goes through one escape function.
 */

const GOOGLE_SCHEME = 'http://www.google.com/reader/';

const escapeXml = (text: string) =>
	text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function category(term: string): string {
	const label = term.slice(term.lastIndexOf('/') + 1);
	return `<category term="${escapeXml(term)}" scheme="${GOOGLE_SCHEME}" label="${escapeXml(label)}"/>`;
}

function entry(item: ReaderItem): string {
	const categories = [...item.categories];
	if (!categories.some((c) => c.endsWith('/state/com.google/read'))) categories.push('user/-/state/com.google/fresh');
	const link = item.alternate[0];
	return [
		`<entry gr:crawl-timestamp-msec="${item.crawlTimeMsec}">`,
		`<id>${item.id}</id>`,
		...categories.map(category),
		`<title type="text">${escapeXml(item.title)}</title>`,
		`<published>${iso(item.published)}</published>`,
		`<updated>${iso(item.updated)}</updated>`,
		link ? `<link rel="alternate" href="${escapeXml(link.href)}" type="text/html"/>` : '',
		...item.enclosure.map((e) => `<link rel="enclosure" href="${escapeXml(e.href)}" type="${escapeXml(e.type)}"/>`),
		`<content type="html">${escapeXml(item.summary.content)}</content>`,
		item.author ? `<author><name>${escapeXml(item.author)}</name></author>` : '',
		`<source gr:stream-id="${escapeXml(item.origin.streamId)}"><id>${escapeXml(item.origin.streamId)}</id>`,
		`<title type="text">${escapeXml(item.origin.title)}</title>`,
		`<link rel="alternate" href="${escapeXml(item.origin.htmlUrl)}" type="text/html"/></source>`,
		'</entry>'
	].join('');
}

export function atomFeed(feed: {
	id: string;
	title: string;
	updated: number;
	items: ReaderItem[];
	continuation?: string;
}) {
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:gr="http://www.google.com/schemas/reader/atom/">',
		`<id>tag:google.com,2005:reader/${escapeXml(feed.id)}</id>`,
		`<title type="text">${escapeXml(feed.title)}</title>`,
		`<updated>${iso(feed.updated)}</updated>`,
		feed.continuation ? `<gr:continuation>${feed.continuation}</gr:continuation>` : '',
		...feed.items.map(entry),
		'</feed>'
	].join('\n');
}
