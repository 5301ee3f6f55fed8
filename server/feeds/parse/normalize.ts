import { createHash } from 'node:crypto';
import { toPlainText } from '../sanitize/plain-text';
import type { NormalizedEntry, NormalizedFeed } from '../types';
import type { PendingEntry } from './entry-selection';
import { safeLink } from '#shared/safe-link';
import { parseFeedDate } from './parse-date';
import { resolveUrl, type RawEntry, type RawFeedHead } from './raw-feed';
import { mayHoldRtlLetter, textDirection } from './text-direction';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The rules every format shares: stable ids, plain-text titles, absolute http(s) links (any other scheme is
 * stored as no link), sane dates, text direction. The entries come normalized one by one (normalizeEntry, as the
 * document is read); the feed's language, known only at the end, completes their language and direction here.
 */
export function normalizeFeed(raw: RawFeedHead, entries: PendingEntry[], feedUrl: string): NormalizedFeed {
	const siteUrl = safeLink(resolveUrl(raw.siteUrl, raw.base));
	const title = titleText(raw.title, raw.titleIsHtml);
	const language = languageTag(raw.language);
	return {
		title: title || new URL(siteUrl ?? feedUrl).hostname || feedUrl,
		siteUrl,
		description: raw.description ? toPlainText(raw.description) || null : null,
		iconUrl: resolveUrl(raw.iconUrl, raw.base),
		language,
		ttlMinutes: raw.ttlMinutes,
		entries: entries.map((entry) => withDirection(entry, language))
	};
}

/** One entry on its own terms, or null when it has nothing a reader could see or tell apart. */
export function normalizeEntry(raw: RawEntry, feedUrl: string, now: number): PendingEntry | null {
	if (!hasSomething(raw)) return null;
	const url = safeLink(resolveUrl(raw.link, raw.base));
	const publishedAt = parseDate(raw.published, now) ?? parseDate(raw.updated, now) ?? now;
	// Relative links in the content resolve against an xml:base the feed declared, else (later) the entry's link.
	const contentBase = raw.contentBase ?? raw.base;
	return {
		guid: entryId(raw.id, raw.base) || url || contentHash(raw),
		url,
		contentBase: contentBase === feedUrl ? null : contentBase,
		title: titleText(raw.title, raw.titleIsHtml),
		author: raw.author ? toPlainText(raw.author) || null : null,
		content: raw.content,
		summary: raw.summary,
		publishedAt,
		updatedAt: parseDate(raw.updated, now),
		enclosures: raw.enclosures.flatMap((e) => {
			const resolved = resolveUrl(e.url, raw.base);
			return resolved ? [{ ...e, url: resolved }] : [];
		}),
		categories: [...new Set(raw.categories.map((c) => toPlainText(c)).filter(Boolean))],
		language: languageTag(raw.language)
	};
}

/**
 * An entry without a language of its own has the feed's; the language, else the text, gives the direction.
 * Completed in place: a copy of each entry cost a tenth of the parse of small feeds.
 */
function withDirection(entry: PendingEntry, feedLanguage: string | null): NormalizedEntry {
	const language = entry.language ?? feedLanguage;
	const html = (entry.content ?? entry.summary ?? '').slice(0, 4000);
	return Object.assign(entry, { language, dir: entryDirection(language, entry.title, html) });
}

/** Parses the entry's HTML for its letters only when a right-to-left one may be there. */
function entryDirection(language: string | null, title: string, html: string): 'ltr' | 'rtl' {
	return textDirection(language, () => (mayHoldRtlLetter(title + html) ? `${title} ${toPlainText(html)}` : ''));
}

/** An entry with nothing a reader could see or tell apart (Atom's <entry><author/></entry>) is dropped. */
function hasSomething(raw: RawEntry): boolean {
	return [raw.id, raw.link, raw.title, raw.author, raw.content, raw.summary, raw.published, raw.updated].some((field) =>
		field?.trim()
	);
}

/** BCP 47 wants hyphens; feeds often write the POSIX locale ("en_US"). */
function languageTag(language: string | null): string | null {
	return language?.trim().replace(/_/g, '-') || null;
}

/**
 * An entry id as written, or resolved against the entry's base when it is a relative URL (a path, "./x",
 * "posts/1"): ids like "42", "post-1" or "tag:..." are names, not addresses, and stay as they are.
 */
function entryId(id: string | null, base: string): string | null {
	const trimmed = id?.trim();
	if (!trimmed) return null;
	const looksRelativeUrl = !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/\s/.test(trimmed) && /^[./]|\//.test(trimmed);
	return looksRelativeUrl ? (resolveUrl(trimmed, base) ?? trimmed) : trimmed;
}

function titleText(title: string | null, isHtml: boolean): string {
	if (!title) return '';
	if (!isHtml) return title.replace(/\s+/g, ' ').trim();
	return toPlainText(title) || imageAlt(title);
}

/** A title that is only an image (a logo, a comic) reads as the image's alt text. */
function imageAlt(html: string): string {
	const alt = /<img\b[^>]*?\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(html);
	return alt ? toPlainText(alt[1] ?? alt[2] ?? '') : '';
}

/** An entry with neither GUID nor link: a hash of what the feed said, never of anything that varies per fetch. */
function contentHash(raw: RawEntry): string {
	const hash = createHash('sha256');
	for (const part of [raw.title, raw.published ?? raw.updated, raw.content ?? raw.summary])
		hash.update(`${part ?? ''}\u0000`);
	return `sha256:${hash.digest('hex')}`;
}

/**
 * Milliseconds since the epoch, or null when missing or meaningless (unparseable, the zero date or earlier).
 * A date more than a day ahead is clamped to now so a wrong clock cannot pin an entry to the top.
 */
export function parseDate(value: string | null, now: number): number | null {
	if (!value) return null;
	const parsed = parseFeedDate(value);
	if (parsed === null || parsed <= DAY_MS) return null;
	return parsed > now + DAY_MS ? now : parsed;
}
