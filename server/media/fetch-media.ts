import { createHash } from 'node:crypto';
import { FetchError, safeFetch } from '../feeds/fetch/safe-fetch';
import { rasterImageType } from './sniff-image';

/** Larger files are refused: an article image rarely passes 1 MiB, and each proxied one sits in memory once. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;
const MEDIA_TIMEOUT_MS = 15_000;
const ACCEPT = 'image/avif,image/webp,image/apng,image/png,image/jpeg,image/gif,image/*;q=0.8';
/** An entity tag as RFC 9110 writes it; anything else from upstream is not passed on. */
const ETAG = /^(W\/)?"[\x21\x23-\x7e]*"$/;

export interface MediaFetchOptions {
	allowPrivate: boolean;
	/** The browser's If-None-Match: forwarded upstream, and compared with the answer's tag. */
	ifNoneMatch?: string;
	timeoutMs?: number;
}

export type MediaAnswer =
	| { status: 304; etag: string }
	| { status: 200; etag: string; contentType: string; body: Buffer; lastModified: string | null };

/** Why the proxy answers with an error instead of an image; `status` is the HTTP status it answers with. */
export class MediaError extends Error {
	constructor(
		readonly status: 403 | 404 | 502,
		message: string
	) {
		super(message);
	}
}

/**
 * One image from the web through safeFetch (the SSRF guard, with the proxy's own size and time limits; undici
 * keeps no cookies and nothing sets a Referer), checked to be a raster image on its bytes. The tag is the
 * upstream ETag when it sends one, else a hash of the bytes; a 304 from upstream, or a tag that still matches,
 * is answered as 304.
 */
export async function fetchMedia(url: string, options: MediaFetchOptions): Promise<MediaAnswer> {
	const ifNoneMatch = options.ifNoneMatch && ETAG.test(options.ifNoneMatch) ? options.ifNoneMatch : undefined;
	const response = await safeFetch(url, {
		allowPrivate: options.allowPrivate,
		maxBytes: MAX_MEDIA_BYTES,
		timeoutMs: options.timeoutMs ?? MEDIA_TIMEOUT_MS,
		headers: { Accept: ACCEPT, ...(ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {}) }
	}).catch((err: unknown) => {
		throw err instanceof FetchError ? new MediaError(errorStatus(err), err.message) : err;
	});
	if (response.status === 304 && ifNoneMatch) return { status: 304, etag: ifNoneMatch };
	const contentType = await rasterImageType(response.body);
	if (!contentType) throw new MediaError(502, `${new URL(url).host} did not answer with a raster image`);
	const upstreamTag = response.headers.get('etag');
	const etag =
		upstreamTag && ETAG.test(upstreamTag)
			? upstreamTag
			: `"${createHash('sha256').update(response.body).digest('base64url').slice(0, 27)}"`;
	if (ifNoneMatch === etag) return { status: 304, etag };
	return { status: 200, etag, contentType, body: response.body, lastModified: response.headers.get('last-modified') };
}

/** A refused address is the proxy saying no (403); a missing image stays missing (404); the rest is upstream's fault. */
function errorStatus(err: FetchError): MediaError['status'] {
	if (err.code === 'blocked_address') return 403;
	return err.status === 404 || err.status === 410 ? 404 : 502;
}
