/**
 * What each format adapter (RSS/RDF, Atom, JSON Feed) extracts, before the rules common to all formats (stable
 * ids, plain-text titles, resolved links, dates, direction) turn it into a NormalizedFeed: the feed's own fields
 * (the head), and each entry as the document is read.
 */
export interface RawFeedHead {
	title: string | null;
	titleIsHtml: boolean;
	siteUrl: string | null;
	description: string | null;
	iconUrl: string | null;
	language: string | null;
	ttlMinutes: number | null;
	/** The URL relative links of the feed resolve against: xml:base resolved against the fetched URL. */
	base: string;
}

export interface RawEntry {
	id: string | null;
	link: string | null;
	base: string;
	/** Where the content's own xml:base differs from the entry's (Atom <content xml:base>). */
	contentBase?: string;
	title: string | null;
	titleIsHtml: boolean;
	author: string | null;
	/** HTML. */
	content: string | null;
	/** HTML. */
	summary: string | null;
	/** As written in the feed; parsed later. */
	published: string | null;
	updated: string | null;
	enclosures: { url: string; type: string | null; length: number | null }[];
	categories: string[];
	language: string | null;
}

/** Resolves a URL reference, or null when it cannot be (a malformed href must not fail the whole feed). */
export function resolveUrl(href: string | null | undefined, base: string): string | null {
	const trimmed = href?.trim();
	if (!trimmed) return null;
	try {
		return new URL(trimmed, base).href;
	} catch {
		return null;
	}
}

/** Plain text as HTML: escaped, blank lines as paragraphs, single newlines as line breaks. */
export function textToHtml(text: string): string {
	const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
	return escaped
		.trim()
		.split(/\n\s*\n/)
		.map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
		.join('');
}

export function firstNonEmpty(...values: (string | null | undefined)[]): string | null {
	for (const value of values) if (value?.trim()) return value;
	return null;
}

export function positiveNumber(value: unknown): number | null {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) && n > 0 ? n : null;
}
