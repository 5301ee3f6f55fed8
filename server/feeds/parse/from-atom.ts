import type { AtomFeed } from 'feedsmith';
import { mediaContentHtml } from './media-content';
import { firstNonEmpty, positiveNumber, resolveUrl, textToHtml, type RawEntry, type RawFeed } from './raw-feed';

type AtomEntry = AtomFeed.Entry<string>;
type AtomText = { value?: string; type?: string } | string | undefined;

/** Atom 0.3 and 1.0. */
export function fromAtom(feed: AtomFeed.Feed<string>, url: string): RawFeed {
	const base = resolveUrl(feed.xml?.base, url) ?? url;
	const title = textOf(feed.title);
	return {
		title: title.value,
		titleIsHtml: title.isHtml,
		siteUrl: alternateLink(feed.links),
		description: textOf(feed.subtitle).value,
		iconUrl: firstNonEmpty(feed.icon, feed.logo),
		language: firstNonEmpty(feed.xml?.lang),
		ttlMinutes: null,
		base,
		entries: (feed.entries ?? []).map((entry) => fromAtomEntry(entry, base, feed.authors?.[0]?.name))
	};
}

function fromAtomEntry(entry: AtomEntry, feedBase: string, feedAuthor: string | undefined): RawEntry {
	const base = resolveUrl(entry.xml?.base, feedBase) ?? feedBase;
	const title = textOf(entry.title);
	const summary = htmlOf(entry.summary);
	return {
		id: firstNonEmpty(entry.id),
		link: alternateLink(entry.links),
		base,
		title: title.value,
		titleIsHtml: title.isHtml,
		author: firstNonEmpty(entry.authors?.[0]?.name, entry.authors?.[0]?.email, entry.dc?.creators?.[0], feedAuthor),
		content: firstNonEmpty(htmlOf(entry.content), summary, mediaContentHtml(entry.media)),
		summary,
		published: firstNonEmpty(entry.published, entry.updated, entry.dc?.dates?.[0]),
		updated: firstNonEmpty(entry.updated),
		enclosures: (entry.links ?? []).flatMap((l) =>
			l.rel === 'enclosure' && l.href ? [{ url: l.href, type: l.type ?? null, length: positiveNumber(l.length) }] : []
		),
		categories: (entry.categories ?? []).map((c) => c.label ?? c.term ?? ''),
		language: firstNonEmpty(entry.xml?.lang)
	};
}

function alternateLink(links: { href?: string; rel?: string; type?: string }[] | undefined): string | null {
	const candidates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel === 'alternate'));
	return (candidates.find((l) => !l.type || /html/i.test(l.type)) ?? candidates[0])?.href ?? null;
}

/** Atom text constructs: type "text" is literal text, "html" and "xhtml" (and Atom 0.3's MIME types) are markup. */
function isHtmlType(type: string | undefined): boolean {
	return !!type && /html/i.test(type);
}

function textOf(text: AtomText): { value: string | null; isHtml: boolean } {
	if (typeof text === 'string') return { value: firstNonEmpty(text), isHtml: false };
	return { value: firstNonEmpty(text?.value), isHtml: isHtmlType(text?.type) };
}

function htmlOf(text: AtomText): string | null {
	const { value, isHtml } = textOf(text);
	if (!value) return null;
	return isHtml ? value : textToHtml(value);
}
