import { firstNonEmpty, positiveNumber, resolveUrl, textToHtml, type RawEntry } from './raw-feed';
import { child, childrenNamed, firstText, type XmlElement } from './xml-tree';

/** The text of the last of the named children that has some: of several <updated>, the last is the newest. */
export function lastText(element: XmlElement, ...names: string[]): string | null {
	for (let i = element.children.length - 1; i >= 0; i -= 1) {
		const c = element.children[i]!;
		if (names.includes(c.name) && c.text.trim()) return c.text;
	}
	return null;
}

/** A person construct (Atom <author><name/>, RSS <author>, Dublin Core creator) as one name. */
export function personName(element: XmlElement | undefined): string | null {
	if (!element) return null;
	return firstNonEmpty(firstText(element, 'name', 'atom:name', 'email', 'atom:email'), element.text);
}

export function authorOf(element: XmlElement): string | null {
	return firstNonEmpty(
		withoutEmail(personName(child(element, 'author'))),
		firstText(element, 'dc:creator', 'dc:author', 'itunes:author'),
		personName(child(element, 'atom:author'))
	);
}

/** RSS <author> is an e-mail address, often with the name: "ann@example.com (Ann)" or "Ann <ann@example.com>". */
function withoutEmail(author: string | null): string | null {
	const named = author && (/^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(author) ?? /^\s*(.+?)\s*<\S+@\S+>\s*$/.exec(author));
	return named ? named[1]!.trim() : author;
}

/** The page an element links to: an RSS <link> with text, else the first alternate Atom link, HTML preferred. */
export function linkOf(element: XmlElement, ...names: string[]): string | null {
	const links = names.flatMap((name) => childrenNamed(element, name));
	const text = links.find((l) => l.text.trim() && !l.attrs.href);
	if (text) return resolveUrl(text.text, text.base);
	const alternates = links.filter((l) => l.attrs.href?.trim() && (!l.attrs.rel || l.attrs.rel === 'alternate'));
	const best = alternates.find((l) => !l.attrs.type || /html/i.test(l.attrs.type)) ?? alternates[0];
	return best ? resolveUrl(best.attrs.href, best.base) : null;
}

export function atomEnclosures(element: XmlElement, name: string): RawEntry['enclosures'] {
	return childrenNamed(element, name).flatMap((l) => {
		const url = l.attrs.rel === 'enclosure' ? resolveUrl(l.attrs.href, l.base) : null;
		return url ? [{ url, type: l.attrs.type ?? null, length: positiveNumber(l.attrs.length) }] : [];
	});
}

export interface MediaFields {
	title: string | null;
	/** HTML. */
	description: string | null;
	thumbnail: string | null;
	categories: string[];
}

/** Media RSS, from the element itself, its <media:group> and their <media:content>. */
export function mediaOf(element: XmlElement): MediaFields {
	const group = child(element, 'media:group');
	const sources = [element, group, child(group, 'media:content'), child(element, 'media:content')].filter(
		(s): s is XmlElement => s !== undefined
	);
	const description = sources.map((s) => child(s, 'media:description')).find((d) => d?.text.trim());
	const thumbnail = sources.map((s) => child(s, 'media:thumbnail')).find((t) => t?.attrs.url?.trim());
	return {
		title: firstNonEmpty(...sources.map((s) => firstText(s, 'media:title'))),
		description: description
			? description.attrs.type === 'html'
				? description.text
				: textToHtml(description.text)
			: null,
		thumbnail: thumbnail ? resolveUrl(thumbnail.attrs.url, thumbnail.base) : null,
		categories: sources.flatMap((s) => childrenNamed(s, 'media:category').map((c) => c.text))
	};
}

/** The content shown for an entry: with the Media RSS thumbnail as its image when it has none of its own. */
export function withThumbnail(content: string | null, media: MediaFields): string | null {
	if (!media.thumbnail || (content && /<img\b/i.test(content))) return content;
	return `<p><img src="${media.thumbnail.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" alt=""></p>${content ?? ''}`;
}
