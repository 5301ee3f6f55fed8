import iconv from 'iconv-lite';
import type { Store } from '../db/sql';
import { nextVersion } from '../db/version';
import { notFound } from '../domain-errors';
import type { ChangeBus } from '../sync/change-bus';
import { subscriberIds } from '../feeds/feeds-repo';
import { safeFetch } from '../feeds/fetch/safe-fetch';
import { sanitizeEntryHtml } from '../feeds/sanitize/sanitize-html';
import { entryForUser, saveExtractError, saveFullContent } from './entries-repo';

/** A failed extraction is not tried again before this, so opening an article twice does not fetch twice. */
export const EXTRACT_RETRY_MS = 6 * 60 * 60 * 1000;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export interface ExtractContext {
	db: Store;
	bus: ChangeBus;
	allowPrivate: boolean;
	now: number;
	timeoutMs?: number;
	/** Signs the article's image URLs for the media proxy; null: images keep their own URLs. */
	mediaKey?: string | null;
}

export interface ExtractResult {
	entryId: number;
	status: 'ok' | 'failed';
	fullContent: string | null;
	error: string | null;
	extractedAt: number | null;
	/** When a failed extraction may be tried again. */
	retryAt: number | null;
}

/**
 * The article's full text: fetched with the feed guard and limits, extracted with Readability on a server-side
 * DOM, sanitized like feed content, and stored with the entry (a new version, so it reaches devices for offline
 * reading). Cached once it worked; a failure is stored and answered until EXTRACT_RETRY_MS has passed.
 */
export async function extractEntry(ctx: ExtractContext, userId: number, entryId: number): Promise<ExtractResult> {
	const entry = await entryForUser(ctx.db, userId, entryId);
	if (!entry) throw notFound('no such entry');
	if (entry.full_content !== null) return result(entry.id, entry.full_content, null, entry.extracted_at);
	if (entry.extract_error !== null && entry.extracted_at !== null && ctx.now - entry.extracted_at < EXTRACT_RETRY_MS) {
		return result(entry.id, null, entry.extract_error, entry.extracted_at);
	}
	let html: string;
	try {
		if (!entry.url) throw new Error('this entry has no link to an article');
		html = await fetchArticle(ctx, entry.url);
	} catch (err) {
		const message = (err as Error).message;
		await ctx.db.transaction(async (tx) => await saveExtractError(tx, entry.id, message, ctx.now));
		return result(entry.id, null, message, ctx.now);
	}
	await ctx.db.transaction(async (tx) => await saveFullContent(tx, entry.id, html, ctx.now, await nextVersion(tx)));
	ctx.bus.notify(await subscriberIds(ctx.db, entry.feed_id));
	return result(entry.id, html, null, ctx.now);
}

function result(
	entryId: number,
	fullContent: string | null,
	error: string | null,
	extractedAt: number | null
): ExtractResult {
	return {
		entryId,
		status: error === null ? 'ok' : 'failed',
		fullContent,
		error,
		extractedAt,
		retryAt: error !== null && extractedAt !== null ? extractedAt + EXTRACT_RETRY_MS : null
	};
}

async function fetchArticle(ctx: ExtractContext, url: string): Promise<string> {
	const response = await safeFetch(url, {
		allowPrivate: ctx.allowPrivate,
		maxBytes: MAX_PAGE_BYTES,
		timeoutMs: ctx.timeoutMs
	});
	const contentType = response.headers.get('content-type') ?? '';
	if (!/html/i.test(contentType)) throw new Error(`the article is not a web page (${contentType || 'no type'})`);
	// Loaded on first use, as only opening an article's full text needs them (linkedom alone: 0.5 s, 9 MB).
	const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
	const { document } = parseHTML(decode(response.body, contentType));
	const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
	if (!article?.content) throw new Error('no article text could be found on the page');
	const clean = sanitizeEntryHtml(article.content, response.url, ctx.mediaKey);
	if (!clean.trim()) throw new Error('no article text could be found on the page');
	return clean;
}

/** The page's charset from the Content-Type header, else a <meta charset> in its first bytes, else UTF-8. */
function decode(body: Buffer, contentType: string): string {
	const declared =
		/charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
		/<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
	return declared && iconv.encodingExists(declared) ? iconv.decode(body, declared) : body.toString('utf8');
}
