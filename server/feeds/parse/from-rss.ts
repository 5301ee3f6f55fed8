import { authorOf, lastText, linkOf, mediaOf, withThumbnail } from './feed-fields';
import { firstNonEmpty, positiveNumber, resolveUrl, textToHtml, type RawEntry, type RawFeedHead } from './raw-feed';
import { child, childrenNamed, firstText, valueOf, type XmlElement } from './xml-tree';

/**
 * RSS 0.9x, 1.0 (RDF) and 2.0, read liberally: a <channel> is optional (its elements may sit on the root), names
 * are case-insensitive, and an item is read from whichever of the common elements (RSS, Dublin Core, iTunes,
 * Media RSS, <body>, <fullitem>, XHTML <body>) it carries.
 */
export function fromRss(root: XmlElement): RawFeedHead {
	const channel = child(root, 'channel') ?? root;
	const image = child(channel, 'image')?.children.length ? child(channel, 'image') : child(root, 'image');
	const itunesImage = child(channel, 'itunes:image');
	return {
		title: firstText(channel, 'title', 'dc:title', 'itunes:title'),
		titleIsHtml: true,
		siteUrl: linkOf(channel, 'link', 'atom:link'),
		description: firstText(channel, 'description', 'dc:description', 'itunes:summary', 'itunes:subtitle'),
		iconUrl: firstNonEmpty(firstText(image, 'url'), itunesImage?.attrs.href, itunesImage?.text),
		language: firstNonEmpty(
			firstText(channel, 'language', 'dc:language'),
			channel.attrs['xml:lang'],
			root.attrs['xml:lang']
		),
		ttlMinutes: positiveNumber(firstText(channel, 'ttl')),
		base: channel.base
	};
}

/** RSS 0.90 and 1.0 put items (and the image) beside the channel, RSS 2.0 inside it. */
export function isRssItem(element: XmlElement, parent: XmlElement, root: XmlElement): boolean {
	return (
		element.name === 'item' && (parent === root || (parent.name === 'channel' && parent === child(root, 'channel')))
	);
}

export function fromRssItem(item: XmlElement): RawEntry {
	const guidElement = child(item, 'guid');
	const guid = firstNonEmpty(guidElement?.text);
	const about = firstNonEmpty(item.attrs['rdf:about']);
	// A GUID that is a permalink is the item's link when the item has none.
	const permalink =
		guid && guidElement?.attrs.ispermalink?.toLowerCase() !== 'false' && /^https?:\/\//i.test(guid) ? guid : null;
	const description = firstNonEmpty(valueOf(child(item, 'description')), valueOf(child(item, 'dc:description')));
	const full = firstNonEmpty(
		...['content:encoded', 'xhtml:body', 'body', 'fullitem'].map((name) => valueOf(child(item, name)))
	);
	const itunesSummary = firstText(item, 'itunes:summary');
	const media = mediaOf(item);
	return {
		id: firstNonEmpty(guid, about),
		link: firstNonEmpty(linkOf(item, 'link', 'atom:link'), permalink, resolveUrl(about, item.base)),
		base: item.base,
		title: firstNonEmpty(firstText(item, 'title', 'dc:title', 'itunes:title'), media.title),
		titleIsHtml: true,
		author: authorOf(item),
		content: withThumbnail(
			firstNonEmpty(full, description, itunesSummary ? textToHtml(itunesSummary) : null, media.description),
			media
		),
		summary: full ? description : null,
		published: firstText(
			item,
			'pubdate',
			'dc:date',
			'dcterms:issued',
			'dcterms:created',
			'atom:published',
			'published',
			'issued'
		),
		updated: lastText(item, 'atom:updated', 'updated', 'dcterms:modified', 'modified'),
		enclosures: childrenNamed(item, 'enclosure').flatMap((e) => {
			const url = resolveUrl(e.attrs.url, e.base);
			return url ? [{ url, type: e.attrs.type ?? null, length: positiveNumber(e.attrs.length) }] : [];
		}),
		categories: [
			...childrenNamed(item, 'category').map((c) => c.text),
			...childrenNamed(item, 'dc:subject').map((c) => c.text),
			...media.categories
		],
		language: firstNonEmpty(firstText(item, 'dc:language'), item.attrs['xml:lang'])
	};
}
