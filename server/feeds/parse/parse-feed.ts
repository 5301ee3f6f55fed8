import { parseJsonFeed } from 'feedsmith';
import type { NormalizedFeed } from '../types';
import { decodeBody, removeInvalidXmlChars, stripDoctype } from './decode-body';
import { EntrySelection, type PendingEntry } from './entry-selection';
import { fromAtom, fromAtomEntry, isAtomEntry } from './from-atom';
import { fromJson, fromJsonItem } from './from-json';
import { fromRss, fromRssItem, isRssItem } from './from-rss';
import { normalizeEntry, normalizeFeed } from './normalize';
import { NotAFeedError } from './not-a-feed-error';
import type { RawEntry, RawFeedHead } from './raw-feed';
import { readXmlTree } from './xml-tree';

export { NotAFeedError } from './not-a-feed-error';

export interface ParseFeedOptions {
	/** The URL the body was fetched from: relative links resolve against it. */
	url: string;
	contentType?: string | null;
	/** The fetch time: entries without a date get it. */
	now: number;
	/** At most this many entries, the newest, one per guid (EntrySelection); when unset, every entry as written. */
	maxEntries?: number;
}

/**
 * Any RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1 document into the one normalized shape, or a
 * NotAFeedError saying what the document is instead. XML feeds are read element by element (xml-tree.ts),
 * liberally: feedsmith, used before, refused well-formed feeds it found too small (an empty Atom feed, RSS
 * without <channel>, items with only <body>) and dropped what feeds need (Atom 0.3's mode, nested xml:base, the
 * last of several <updated>). JSON Feed stays with feedsmith. Entries are normalized one at a time as they are
 * read, so with `maxEntries` only that many are ever held.
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
	const selection = options.maxEntries === undefined ? null : new EntrySelection(options.maxEntries);
	const all: PendingEntry[] = [];
	const add = (raw: RawEntry) => {
		const entry = normalizeEntry(raw, options.url, options.now);
		if (entry) (selection ?? all).push(entry);
	};
	const { kind, head } = /^[[{]/.test(cleaned)
		? readJson(cleaned, options.url, add)
		: readXml(cleaned, options.url, add);
	return { kind, feed: normalizeFeed(head, selection?.entries() ?? all, options.url) };
}

type Read = { kind: FeedKind; head: RawFeedHead };

function readJson(text: string, url: string, add: (raw: RawEntry) => void): Read {
	let head: RawFeedHead;
	let entries: RawEntry[];
	try {
		const feed = parseJsonFeed<string>(text);
		head = fromJson(feed, url);
		entries = (feed.items ?? []).map((item) => fromJsonItem(item, feed, url));
	} catch {
		throw new NotAFeedError(describe(text));
	}
	entries.forEach(add);
	return { kind: 'json', head };
}

const XML_KINDS = new Map<string, FeedKind>([
	['rss', 'rss'],
	['rdf', 'rss'],
	['feed', 'atom']
]);

/** Items and entries go to `add` as each ends; the tree kept is the feed's own elements. */
function readXml(text: string, url: string, add: (raw: RawEntry) => void): Read {
	let kind = null as FeedKind | null;
	const root = readXmlTree(text, url, {
		acceptsRoot: (root) => (kind = XML_KINDS.get(root.name) ?? null) !== null,
		isRecord: (element, parent, root) =>
			kind === 'atom' ? isAtomEntry(element, parent, root) : isRssItem(element, parent, root),
		onRecord: (record, root) => add(kind === 'atom' ? fromAtomEntry(record, root) : fromRssItem(record))
	});
	if (!root || !kind) throw new NotAFeedError(describe(text));
	return { kind, head: kind === 'atom' ? fromAtom(root) : fromRss(root) };
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
