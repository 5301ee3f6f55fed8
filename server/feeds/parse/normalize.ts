import { createHash } from 'node:crypto';
import { toPlainText } from '../sanitize/plain-text';
import type { NormalizedEntry, NormalizedFeed } from '../types';
import { safeLink } from '../../../src/lib/shared/safe-link';
import { resolveUrl, type RawEntry, type RawFeed } from './raw-feed';
import { mayHoldRtlLetter, textDirection } from './text-direction';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The rules every format shares: stable ids, plain-text titles, absolute http(s) links (any other scheme is
 * stored as no link), sane dates, text direction.
 */
export function normalizeFeed(raw: RawFeed, feedUrl: string, now: number): NormalizedFeed {
	const siteUrl = safeLink(resolveUrl(raw.siteUrl, raw.base));
	const title = titleText(raw.title, raw.titleIsHtml);
	return {
		title: title || new URL(siteUrl ?? feedUrl).hostname || feedUrl,
		siteUrl,
		description: raw.description ? toPlainText(raw.description) || null : null,
		iconUrl: resolveUrl(raw.iconUrl, raw.base),
		language: raw.language?.trim() || null,
		ttlMinutes: raw.ttlMinutes,
		entries: raw.entries.map((entry) => normalizeEntry(entry, raw.language?.trim() || null, now))
	};
}

function normalizeEntry(raw: RawEntry, feedLanguage: string | null, now: number): NormalizedEntry {
	const url = safeLink(resolveUrl(raw.link, raw.base));
	const title = titleText(raw.title, raw.titleIsHtml);
	const language = raw.language?.trim() || feedLanguage;
	const publishedAt = parseDate(raw.published, now) ?? parseDate(raw.updated, now) ?? now;
	return {
		guid: raw.id?.trim() || url || contentHash(raw),
		url,
		title,
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
		language,
		dir: entryDirection(language, title, (raw.content ?? raw.summary ?? '').slice(0, 4000))
	};
}

/** Parses the entry's HTML for its letters only when a right-to-left one may be there. */
function entryDirection(language: string | null, title: string, html: string): 'ltr' | 'rtl' {
	return textDirection(language, () => (mayHoldRtlLetter(title + html) ? `${title} ${toPlainText(html)}` : ''));
}

function titleText(title: string | null, isHtml: boolean): string {
	if (!title) return '';
	return isHtml ? toPlainText(title) : title.replace(/\s+/g, ' ').trim();
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
	const parsed = Date.parse(value.trim());
	if (!Number.isFinite(parsed) || parsed <= DAY_MS) return null;
	return parsed > now + DAY_MS ? now : parsed;
}
