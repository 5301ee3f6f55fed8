import { createHmac, timingSafeEqual } from 'node:crypto';

/** The path under which the server answers the media URLs it signed. */
export const MEDIA_PATH = '/api/media/';

/** 128 bits of HMAC-SHA256: far beyond guessing, and it keeps the URLs in stored entries short. */
const SIGNATURE_BYTES = 16;

function signature(key: string, url: string): Buffer {
	return createHmac('sha256', key).update(url).digest().subarray(0, SIGNATURE_BYTES);
}

/** A same-origin URL for an image on the web: `/api/media/<signature>/<the URL, base64url>`. */
export function signMediaUrl(key: string, url: string): string {
	return `${MEDIA_PATH}${signature(key, url).toString('base64url')}/${Buffer.from(url).toString('base64url')}`;
}

/** The original URL when the signature is this server's for it; null for anything tampered with or unsigned. */
export function verifyMediaUrl(key: string, sig: string, encodedUrl: string): string | null {
	const given = Buffer.from(sig, 'base64url');
	if (given.length !== SIGNATURE_BYTES) return null;
	const url = Buffer.from(encodedUrl, 'base64url').toString();
	return timingSafeEqual(given, signature(key, url)) ? url : null;
}
