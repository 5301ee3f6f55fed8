import { DomainError } from '../../domain-errors';
import { decodeBody } from '../parse/decode-body';
import { NotAFeedError, parseFeedWithKind, type FeedKind } from '../parse/parse-feed';
import { FetchError, safeFetch, type SafeFetchOptions, type SafeResponse } from '../fetch/safe-fetch';
import { findFeedLinks, looksLikeHtml } from './feed-links';

export interface DiscoveredFeed {
	url: string;
	title: string;
	kind: FeedKind;
}

export interface DiscoverOptions {
	allowPrivate: boolean;
	timeoutMs?: number;
	lookup?: SafeFetchOptions['lookup'];
	addressPolicy?: SafeFetchOptions['addressPolicy'];
}

/** Nothing that looks like a feed at or behind this URL. */
export class NoFeedFoundError extends DomainError {
	constructor(url: string, detail: string) {
		super('not_found', `no feed found at ${url}: ${detail}`);
		this.name = 'NoFeedFoundError';
	}
}

export const WELL_KNOWN_PATHS = ['/feed', '/rss', '/atom.xml', '/feed.xml', '/index.xml', '/rss.xml'];
/** Candidates are fetched only to read their titles: small and quick, or skipped. */
const CANDIDATE_LIMITS = { timeoutMs: 8_000, maxBytes: 2 * 1024 * 1024 };
const MAX_CANDIDATES = 8;
const ACCEPT =
	'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

/**
 * The feeds at a URL: the URL itself when it is a feed; else the feeds an HTML page links to; else the feeds at
 * the usual paths of its site. Each comes with the URL to subscribe to (the one fetched, or where a permanent
 * redirect led; never only a feed's self link) and a title. FetchError when the URL itself cannot be fetched.
 */
export async function discoverFeeds(url: string, options: DiscoverOptions): Promise<{ feeds: DiscoveredFeed[] }> {
	const fetchOptions = { ...options, headers: { Accept: ACCEPT } };
	const page = await safeFetch(url, fetchOptions);
	const asFeed = tryParse(page, url);
	if (asFeed) return { feeds: [asFeed] };

	const contentType = page.headers.get('content-type');
	const text = decodeBody(page.body, contentType).text;
	if (looksLikeHtml(text, contentType)) {
		const { links, pageTitle } = findFeedLinks(text, page.url);
		if (links.length > 0) {
			const checked = await Promise.all(
				links.slice(0, MAX_CANDIDATES).map(async (link) => {
					const result = await fetchCandidate(link.url, fetchOptions);
					if (result === 'not_a_feed') return null;
					return (
						result ?? { url: link.url, title: link.title ?? pageTitle ?? new URL(link.url).hostname, kind: link.kind }
					);
				})
			);
			const feeds = checked.filter((f): f is DiscoveredFeed => f !== null);
			if (feeds.length > 0) return { feeds: dedupe(feeds) };
		}
	}
	const origin = new URL(page.url).origin;
	const wellKnown = await Promise.all(WELL_KNOWN_PATHS.map((path) => fetchCandidate(origin + path, fetchOptions)));
	const feeds = wellKnown.filter((f): f is DiscoveredFeed => typeof f === 'object' && f !== null);
	if (feeds.length > 0) return { feeds: dedupe(feeds) };
	throw new NoFeedFoundError(
		url,
		'the page links to no feed, and none is at the usual paths (/feed, /rss, /atom.xml…)'
	);
}

/** "localhost:8080/feed" has no scheme; "https://…" and "feed://…" do. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The feeds at an address as people type it. Without a scheme ("example.com/blog") it is tried over https first,
 * then over http when https cannot connect at all (a site without TLS); an https answer of any kind is final.
 */
export async function discoverTypedAddress(
	address: string,
	options: DiscoverOptions
): Promise<{ feeds: DiscoveredFeed[] }> {
	if (HAS_SCHEME.test(address)) return discoverFeeds(address, options);
	try {
		return await discoverFeeds(`https://${address}`, options);
	} catch (err) {
		if (!(err instanceof FetchError) || err.code !== 'network') throw err;
		return discoverFeeds(`http://${address}`, options);
	}
}

/** A candidate's feed, 'not_a_feed' when it answered something else, null when it could not be fetched. */
async function fetchCandidate(
	url: string,
	options: DiscoverOptions & { headers: Record<string, string> }
): Promise<DiscoveredFeed | 'not_a_feed' | null> {
	try {
		return tryParse(await safeFetch(url, { ...options, ...CANDIDATE_LIMITS }), url) ?? 'not_a_feed';
	} catch (err) {
		if (err instanceof FetchError) return err.code === 'http' ? 'not_a_feed' : null;
		throw err;
	}
}

function tryParse(response: SafeResponse, requestedUrl: string): DiscoveredFeed | null {
	// Subscribe to the address asked for, unless every redirect said the feed has moved for good.
	const url = response.redirects === 0 || response.permanentRedirect ? response.url : requestedUrl;
	try {
		const { kind, feed } = parseFeedWithKind(response.body, {
			url: response.url,
			contentType: response.headers.get('content-type'),
			now: Date.now(),
			// Only the feed's title is shown.
			maxEntries: 0
		});
		return { url, title: feed.title, kind };
	} catch (err) {
		if (err instanceof NotAFeedError) return null;
		throw err;
	}
}

/** Several candidates can lead to the same feed (/feed and /rss.xml, a link and a redirect). */
function dedupe(feeds: DiscoveredFeed[]): DiscoveredFeed[] {
	return [...new Map(feeds.map((f) => [f.url, f])).values()];
}

/**
 * discoverTypedAddress for the person who typed the address, its failures as domain errors: their input (invalid), nothing
 * there (not found), or the site (upstream).
 */
export async function discoverFor(address: string, options: DiscoverOptions): Promise<{ feeds: DiscoveredFeed[] }> {
	try {
		return await discoverTypedAddress(address, options);
	} catch (err) {
		if (!(err instanceof FetchError)) throw err;
		if (err.code === 'blocked_address' || err.code === 'bad_scheme' || err.code === 'bad_url') {
			throw new DomainError('invalid', err.message);
		}
		throw new DomainError('upstream', `could not read that address: ${err.message}`);
	}
}
