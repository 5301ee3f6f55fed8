/** The only schemes an entry's or a site's link may have; `javascript:`, `data:`, `vbscript:`... never. */
const WEB_SCHEMES = new Set(['http:', 'https:']);

/**
 * An absolute http(s) link as it may be put in an `href`, or null for anything else. Used at ingest (a feed's
 * links are stored only when they pass) and again at render, so a row stored before this rule still cannot
 * become a script link. Feeds have no field whose link may be a `mailto:`; article content keeps its own
 * scheme allowlist in the sanitizers.
 */
export function safeLink(href: string | null | undefined): string | null {
	if (!href) return null;
	try {
		const url = new URL(href.trim());
		return WEB_SCHEMES.has(url.protocol) ? url.href : null;
	} catch {
		return null;
	}
}
