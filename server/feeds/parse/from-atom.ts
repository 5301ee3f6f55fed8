import { atomEnclosures, authorOf, lastText, linkOf, mediaOf, personName, withThumbnail } from './feed-fields';
import { firstNonEmpty, textToHtml, type RawEntry, type RawFeedHead } from './raw-feed';
import { child, childrenNamed, firstText, markupOf, type XmlElement } from './xml-tree';

/** Atom 0.3 and 1.0, with Dublin Core and Media RSS where Atom leaves a field empty. */
export function fromAtom(root: XmlElement): RawFeedHead {
	const title = textOf(child(root, 'title')) ?? plain(firstText(root, 'dc:title'));
	return {
		title: title?.value ?? null,
		titleIsHtml: title?.isHtml ?? false,
		siteUrl: linkOf(root, 'link'),
		description: textOf(child(root, 'subtitle', 'tagline'))?.value ?? firstText(root, 'dc:description'),
		iconUrl: firstText(root, 'icon', 'logo'),
		language: firstNonEmpty(root.attrs['xml:lang'], firstText(root, 'dc:language')),
		ttlMinutes: null,
		base: root.base
	};
}

export function isAtomEntry(element: XmlElement, parent: XmlElement, root: XmlElement): boolean {
	return element.name === 'entry' && parent === root;
}

/**
 * An entry without an author of its own has the feed's, as far as the document has given it before the entry
 * (Atom puts the feed's elements first in practice).
 */
export function fromAtomEntry(entry: XmlElement, root: XmlElement): RawEntry {
	const feedAuthor = personName(child(root, 'author'));
	const contentElement = child(entry, 'content');
	const media = mediaOf(entry);
	const title = textOf(child(entry, 'title')) ?? plain(firstText(entry, 'dc:title') ?? media.title);
	const summary = htmlOf(textOf(child(entry, 'summary')));
	return {
		id: firstText(entry, 'id'),
		link: linkOf(entry, 'link'),
		base: entry.base,
		contentBase: contentElement?.base,
		title: title?.value ?? null,
		titleIsHtml: title?.isHtml ?? false,
		author: firstNonEmpty(authorOf(entry), feedAuthor),
		content: withThumbnail(
			firstNonEmpty(
				htmlOf(textOf(contentElement)),
				summary,
				htmlOf(plain(firstText(entry, 'dc:description'))),
				media.description
			),
			media
		),
		summary,
		published: firstText(entry, 'published', 'issued', 'created', 'dc:date', 'dcterms:issued', 'dcterms:created'),
		updated: lastText(entry, 'updated', 'modified', 'dcterms:modified'),
		enclosures: atomEnclosures(entry, 'link'),
		categories: [
			...childrenNamed(entry, 'category').map((c) => firstNonEmpty(c.attrs.label, c.attrs.term, c.text) ?? ''),
			...childrenNamed(entry, 'dc:subject').map((c) => c.text),
			...media.categories
		],
		language: firstNonEmpty(entry.attrs['xml:lang'])
	};
}

interface Text {
	value: string;
	isHtml: boolean;
}

function plain(value: string | null): Text | null {
	return value?.trim() ? { value, isHtml: false } : null;
}

/**
 * An Atom text construct or content. Atom 1.0 types are "text", "html", "xhtml" or a MIME type; Atom 0.3 gives
 * a MIME type and a mode ("xml", "escaped", "base64"). Content of a MIME type that is neither text nor XML is
 * base64 (RFC 4287 4.1.3.3), as is Atom 0.3's mode="base64": decoded here, read as HTML when its type says so.
 */
function textOf(element: XmlElement | undefined): Text | null {
	if (!element) return null;
	const type = (element.attrs.type ?? 'text').trim().toLowerCase();
	const isHtml = type.includes('html');
	let value: string;
	if (element.attrs.mode?.trim().toLowerCase() === 'base64') value = fromBase64(element.text);
	else if (element.children.length > 0) return { value: xhtmlOf(element), isHtml: true };
	else if (isBinaryType(type) && BASE64.test(element.text)) value = fromBase64(element.text);
	else value = element.text;
	return value.trim() ? { value, isHtml } : null;
}

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

function fromBase64(text: string): string {
	return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function isBinaryType(type: string): boolean {
	return type.includes('/') && !type.startsWith('text/') && !/[+/]xml$/.test(type) && !type.includes('html');
}

/** XHTML content without the <div> that wraps it (RFC 4287 3.1.1.3). */
function xhtmlOf(element: XmlElement): string {
	const [only] = element.children;
	const wrapped = element.children.length === 1 && /(^|:)div$/.test(only!.name) && !element.text.trim();
	return markupOf(wrapped ? only! : element).trim();
}

function htmlOf(text: Text | null): string | null {
	if (!text) return null;
	return text.isHtml ? text.value : textToHtml(text.value);
}
