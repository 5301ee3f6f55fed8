import { parseJsonFeed } from 'feedsmith';
import type { NormalizedFeed } from '../types';
import { decodeBody, removeInvalidXmlChars, stripDoctype } from './decode-body';
import { fromAtom } from './from-atom';
import { fromJson } from './from-json';
import { fromRss } from './from-rss';
import { normalizeFeed } from './normalize';
import { NotAFeedError } from './not-a-feed-error';
import type { RawFeed } from './raw-feed';
import { readXmlTree } from './xml-tree';

export { NotAFeedError } from './not-a-feed-error';

export interface ParseFeedOptions {
	/** The URL the body was fetched from: relative links resolve against it. */
	url: string;
	contentType?: string | null;
	/** The fetch time: entries without a date get it. */
	now: number;
}

/**
 * Any RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 document into the one normalized shape, or a
 * NotAFeedError saying what the document is instead. XML feeds are read from their element tree (xml-tree.ts),
 * liberally: feedsmith, used before, refused well-formed feeds it found too small (an empty Atom feed, RSS
 * without <channel>, items with only <body>) and dropped what feeds need (Atom 0.3's mode, nested xml:base, the
 * last of several <updated>). JSON Feed stays with feedsmith.
 */
export function parseFeed(body: Buffer | string, options: ParseFeedOptions): NormalizedFeed {
	return parseFeedWithKind(body, options).feed;
}

export type FeedKind = 'rss' | 'atom' | 'json';

/** parseFeed, also saying which family the document belongs to (RSS 1.0/RDF counts as rss). */
export function parseFeedWithKind(
	body: Buffer | string,
	options: ParseFeedOptions
): { kind: FeedKind; feed: NormalizedFeed } {
	const { text } = decodeBody(body, options.contentType);
	const cleaned = stripDoctype(removeInvalidXmlChars(text)).trim();
	if (!cleaned) throw new NotAFeedError('the document is empty');
	const { kind, raw } = toRawFeed(cleaned, options.url);
	return { kind, feed: normalizeFeed(raw, options.url, options.now) };
}

function toRawFeed(text: string, url: string): { kind: FeedKind; raw: RawFeed } {
	if (/^[[{]/.test(text)) {
		try {
			return { kind: 'json', raw: fromJson(parseJsonFeed<string>(text), url) };
		} catch {
			throw new NotAFeedError(describe(text));
		}
	}
	const root = readXmlTree(text, url);
	switch (root?.name) {
		case 'rss':
		case 'rdf':
			return { kind: 'rss', raw: fromRss(root) };
		case 'feed':
			return { kind: 'atom', raw: fromAtom(root) };
		default:
			throw new NotAFeedError(describe(text));
	}
}
/** What a document that is not a feed looks like, for the error message. */
function describe(text: string): string {
	const start = text.slice(0, 1000);
	if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|<html[\s>]/i.test(start)) {
		return 'it is an HTML page (look for the feed link on it)';
	}
	if (/^[[{]/.test(start)) return 'it is JSON, but not a JSON Feed';
	const root = /<([A-Za-z_][\w:.-]*)/.exec(start.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1];
	if (root) return `the document's root element <${root}> is not rss, feed or rdf:RDF`;
	return 'it is neither XML nor JSON';
}
