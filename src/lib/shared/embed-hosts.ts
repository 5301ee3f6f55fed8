/**
 * Video players whose embeds may stay in articles, each with the path its embeds live under. The one rule for
 * iframes: the ingest sanitizer keeps only these, the browser's DOMPurify pass keeps only these, and the CSP's
 * frame-src names exactly their origins.
 */
const EMBED_PLAYERS: Readonly<Record<string, string>> = {
	'www.youtube.com': '/embed/',
	'youtube.com': '/embed/',
	'www.youtube-nocookie.com': '/embed/',
	'youtube-nocookie.com': '/embed/',
	'player.vimeo.com': '/video/'
};

export const EMBED_HOSTNAMES = Object.keys(EMBED_PLAYERS);

/** The CSP's frame-src. */
export const EMBED_ORIGINS = EMBED_HOSTNAMES.map((hostname) => `https://${hostname}`);

export function isAllowedEmbed(src: string | null | undefined): boolean {
	if (!src) return false;
	try {
		const url = new URL(src);
		const path = EMBED_PLAYERS[url.hostname];
		return url.protocol === 'https:' && path !== undefined && url.pathname.startsWith(path);
	} catch {
		return false;
	}
}
