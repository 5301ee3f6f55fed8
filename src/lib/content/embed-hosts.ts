/**
 * Video hosts whose players may be embedded in articles. It mirrors EMBED_HOSTS in
 * server/http/security-headers.ts (the CSP's frame-src), which the app cannot import without pulling server code
 * into the bundle; a test keeps the two lists equal.
 */
export const EMBED_HOSTS = ['https://www.youtube-nocookie.com', 'https://www.youtube.com', 'https://player.vimeo.com'];

export function isAllowedEmbed(src: string): boolean {
	let url: URL;
	try {
		url = new URL(src);
	} catch {
		return false;
	}
	return EMBED_HOSTS.includes(url.origin);
}
