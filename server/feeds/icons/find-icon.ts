import { safeFetch } from '../fetch/safe-fetch';

/** Icons are shown at 16-32 px; anything bigger than this is not worth storing per feed. */
export const MAX_ICON_BYTES = 64 * 1024;
const MAX_PAGE_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;

export interface FoundIcon {
	contentType: string;
	data: Buffer;
	sourceUrl: string;
}

interface IconFetchOptions {
	allowPrivate: boolean;
	/** The server shutting down: the lookup ends at once, whichever of its fetches is under way. */
	signal?: AbortSignal;
}

/**
 * The site's icon: the first <link rel="icon"> (or "shortcut icon", "apple-touch-icon") of its home page, else
 * /favicon.ico, else the icon the feed names. Fetched with the same guard as feeds. Null when none is usable, or
 * when the signal cut the lookup short.
 */
export async function findIcon(
	siteUrl: string | null,
	feedIconUrl: string | null,
	options: IconFetchOptions
): Promise<FoundIcon | null> {
	const candidates: string[] = [];
	if (siteUrl) {
		candidates.push(...(await declaredIcons(siteUrl, options)));
		candidates.push(new URL('/favicon.ico', siteUrl).href);
	}
	if (feedIconUrl) candidates.push(feedIconUrl);
	for (const url of new Set(candidates)) {
		if (options.signal?.aborted) return null;
		const icon = await fetchIcon(url, options);
		if (icon) return icon;
	}
	return null;
}

async function declaredIcons(siteUrl: string, { allowPrivate, signal }: IconFetchOptions): Promise<string[]> {
	try {
		const page = await safeFetch(siteUrl, { allowPrivate, signal, timeoutMs: TIMEOUT_MS, maxBytes: MAX_PAGE_BYTES });
		if (!/html/i.test(page.headers.get('content-type') ?? '')) return [];
		// Loaded on first use: linkedom costs half a second and 9 MB at start for what only icon lookups need.
		const { parseHTML } = await import('linkedom');
		const { document } = parseHTML(page.body.toString('utf8'));
		const links = [...document.querySelectorAll('link[rel][href]')].filter((link) =>
			/(^|\s)(icon|apple-touch-icon)(\s|$)/i.test(link.getAttribute('rel') ?? '')
		);
		return links.flatMap((link) => {
			try {
				return [new URL(link.getAttribute('href')!, page.url).href];
			} catch {
				return [];
			}
		});
	} catch {
		return [];
	}
}

async function fetchIcon(url: string, { allowPrivate, signal }: IconFetchOptions): Promise<FoundIcon | null> {
	try {
		const response = await safeFetch(url, { allowPrivate, signal, timeoutMs: TIMEOUT_MS, maxBytes: MAX_ICON_BYTES });
		const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
		// An SVG icon could carry script; only raster images are stored and served.
		if (!/^image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp)$/.test(contentType)) return null;
		if (response.body.length === 0) return null;
		return { contentType, data: response.body, sourceUrl: response.url };
	} catch {
		return null;
	}
}
