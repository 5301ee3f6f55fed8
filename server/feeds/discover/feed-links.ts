import { Parser } from 'htmlparser2';
import type { FeedKind } from '../parse/parse-feed';

export interface FeedLink {
	url: string;
	title: string | null;
	kind: FeedKind;
}

const KIND_BY_TYPE: Record<string, FeedKind> = {
	'application/rss+xml': 'rss',
	'application/rdf+xml': 'rss',
	'application/atom+xml': 'atom',
	'application/feed+json': 'json',
	'application/json': 'json'
};

/**
 * The feeds an HTML page advertises with <link rel="alternate" type="...">, resolved against the page URL (or
 * its <base href>) and deduplicated, in page order; plus the page's <title> for when a feed has none.
 */
export function findFeedLinks(html: string, pageUrl: string): { links: FeedLink[]; pageTitle: string | null } {
	let base = pageUrl;
	const found: { href: string; title: string | null; kind: FeedKind }[] = [];
	let inTitle = false;
	let pageTitle = '';
	const parser = new Parser(
		{
			onopentag(name, attribs) {
				if (name === 'base' && attribs.href) base = resolve(attribs.href, pageUrl) ?? base;
				if (name === 'title') inTitle = true;
				if (name !== 'link' || !attribs.href) return;
				const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
				const kind = KIND_BY_TYPE[(attribs.type ?? '').toLowerCase().split(';')[0]!.trim()];
				if (rel.includes('alternate') && kind)
					found.push({ href: attribs.href, title: attribs.title?.trim() || null, kind });
			},
			ontext(text) {
				if (inTitle) pageTitle += text;
			},
			onclosetag(name) {
				if (name === 'title') inTitle = false;
			}
		},
		{ decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }
	);
	parser.end(html);
	const links = new Map<string, FeedLink>();
	for (const link of found) {
		const url = resolve(link.href, base);
		if (url && /^https?:/.test(url) && !links.has(url)) links.set(url, { url, title: link.title, kind: link.kind });
	}
	return { links: [...links.values()], pageTitle: pageTitle.replace(/\s+/g, ' ').trim() || null };
}

function resolve(href: string, base: string): string | null {
	try {
		return new URL(href.trim(), base).href;
	} catch {
		return null;
	}
}

/** Looks like an HTML page rather than a feed or something else. */
export function looksLikeHtml(text: string, contentType: string | null): boolean {
	if (contentType && /\bhtml\b/i.test(contentType) && !/xhtml/i.test(contentType)) return true;
	return /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>])/i.test(text.slice(0, 2000));
}
