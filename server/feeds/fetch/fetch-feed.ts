import { createHash } from 'node:crypto';
import type { FetchOutcome } from '../types';
import { FetchError, safeFetch, type LookupFunction } from './safe-fetch';

export interface FeedValidators {
	etag: string | null;
	lastModified: string | null;
	/** sha256 of the last body parsed; an identical body is reported `unchanged` so it is not parsed again. */
	bodyHash: string | null;
}

export interface FetchFeedOptions {
	allowPrivate: boolean;
	timeoutMs?: number;
	signal?: AbortSignal;
	maxBytes?: number;
	now?: number;
	lookup?: LookupFunction;
}

/** The outcome of server/feeds/types.ts, with the body's hash and whether it equals the stored one. */
export type FeedFetchOutcome =
	| (Extract<FetchOutcome, { kind: 'ok' }> & { bodyHash: string; unchanged: boolean })
	| Extract<FetchOutcome, { kind: 'not_modified' }>
	| Extract<FetchOutcome, { kind: 'error' }>;

const FEED_ACCEPT =
	'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

export function hashBody(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex');
}

/** A conditional GET of a feed URL. Never throws for what the network or the server did: that is an `error` outcome. */
export async function fetchFeed(
	url: string,
	validators: FeedValidators,
	options: FetchFeedOptions
): Promise<FeedFetchOutcome> {
	const now = options.now ?? Date.now();
	const headers: Record<string, string> = { Accept: FEED_ACCEPT };
	if (validators.etag) headers['If-None-Match'] = validators.etag;
	if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
	try {
		const response = await safeFetch(url, { ...options, headers, acceptErrorStatus: true });
		const notBefore = notBeforeFrom(response.headers, now);
		const etag = response.headers.get('etag');
		const lastModified = response.headers.get('last-modified');
		if (response.status === 304) return { kind: 'not_modified', status: 304, etag, lastModified, notBefore };
		if (response.status < 200 || response.status >= 300) {
			return { kind: 'error', ...httpFailure(response.status, response.url), notBefore };
		}
		const bodyHash = hashBody(response.body);
		return {
			kind: 'ok',
			finalUrl: response.url,
			permanentRedirect: response.permanentRedirect,
			status: response.status,
			body: response.body,
			contentType: response.headers.get('content-type'),
			etag,
			lastModified,
			notBefore,
			bodyHash,
			unchanged: bodyHash === validators.bodyHash
		};
	} catch (err) {
		if (!(err instanceof FetchError)) throw err;
		return { kind: 'error', status: err.status, message: err.message, gone: false, notBefore: null };
	}
}

function httpFailure(status: number, url: string): { status: number; message: string; gone: boolean } {
	const host = new URL(url).host;
	if (status === 410) return { status, message: `the feed is gone: ${host} answered 410 Gone`, gone: true };
	if (status === 404)
		return { status, message: `no feed at this address any more: ${host} answered 404 Not Found`, gone: false };
	if (status === 401 || status === 403) return { status, message: `${host} refused access (${status})`, gone: false };
	if (status === 429) return { status, message: `${host} asks us to slow down (429)`, gone: false };
	return { status, message: `${host} answered ${status}`, gone: false };
}

/** The earliest next fetch the server asked for: Retry-After (seconds or a date), else Cache-Control max-age. */
export function notBeforeFrom(headers: Headers, now: number): number | null {
	const retryAfter = headers.get('retry-after')?.trim();
	if (retryAfter) {
		if (/^\d+$/.test(retryAfter)) return now + Number(retryAfter) * 1000;
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(now, date);
	}
	const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(headers.get('cache-control') ?? '');
	if (maxAge) return now + Number(maxAge[1]) * 1000;
	return null;
}
