import type { Sql, Store } from '../../db/sql';
import { nextVersion } from '../../db/version';
import type { Logger } from '../../log';
import type { ChangeBus } from '../../sync/change-bus';
import { fetchFeed, type FeedFetchOutcome } from '../fetch/fetch-feed';
import {
	feedIdByUrl,
	getFeed,
	recentPublishTimes,
	saveFeedState,
	subscriberIds,
	type FeedFetchedState,
	type FeedRow
} from '../feeds-repo';
import { parseAndPrepare, type ParsedFeed } from './parse-off-thread';
import { nextFetchAt, RATE_WINDOW_MS } from './schedule-policy';
import { storeEntriesThen, type StoreCounts } from './store-entries';
import { refreshIconIfStale } from '../icons/refresh-icon';
import { DomainError } from '../../domain-errors';

export interface RefreshContext {
	db: Store;
	logger: Logger;
	bus: ChangeBus;
	allowPrivate: boolean;
	fixedIntervalMinutes?: number;
	now: () => number;
	random: () => number;
	/** Fetch timeout; the fetcher's default (20 s) when unset. */
	timeoutMs?: number;
	/** Aborted when the server shuts down: the fetch ends at once, and the feed is left as it was. */
	signal?: AbortSignal;
	/** Signs the entries' image URLs for the media proxy; unset or null: images keep their own URLs. */
	mediaKey?: string | null;
	/**
	 * Takes the icon lookup that follows a refresh, to run it later. The feed engine queues lookups apart, so a
	 * slow site does not hold its feed host's fetch slot; unset: the refresh waits for the lookup.
	 */
	lookUpIcon?: (lookup: () => Promise<void>) => void;
}

type Failure = { status: number | null; message: string; gone: boolean; notBefore: number | null };

export type RefreshStatus = 'updated' | 'not_modified' | 'unchanged' | 'error' | 'gone';

/** What one refresh did, as POST /api/subscriptions/:id/refresh answers it. */
export interface RefreshResult {
	feedId: number;
	status: RefreshStatus;
	added: number;
	updated: number;
	httpStatus: number | null;
	error: string | null;
	nextFetchAt: number;
}

/**
 * Fetches one feed and stores what changed: conditional GET, body hash (an identical body is not parsed again),
 * parse and sanitize (in a worker thread unless the body is tiny), then the entries in short write transactions
 * and the feed row with the last of them, only after that commits a nudge to the subscribers, and last a look for
 * the site's icon when it is due (handed to ctx.lookUpIcon when there is one). When storing fails (a busy or full
 * database), the feed backs off as after a failing fetch and its error says why; only if even that cannot be saved
 * does the refresh throw.
 */
export async function refreshFeed(ctx: RefreshContext, feedId: number): Promise<RefreshResult> {
	const feed = await getFeed(ctx.db, feedId);
	if (!feed) throw new Error(`feed ${feedId} does not exist`);
	const outcome = await fetchOutcome(ctx, feed);
	// Cut short by a shutdown: not the feed's failure, so nothing is recorded and it stays due.
	if (ctx.signal?.aborted && outcome.kind === 'error') {
		throw new DomainError('unavailable', 'the server is shutting down; refresh the feed again in a moment');
	}
	const fetchedAt = ctx.now();
	// The same bytes as last time (a server without validators): nothing to parse.
	const sameBody = outcome.kind === 'ok' && outcome.unchanged;
	let parsed: ParsedFeed | null = null;
	let failure: Failure | null = null;
	if (outcome.kind === 'error') failure = outcome;
	if (outcome.kind === 'ok' && !sameBody) {
		try {
			parsed = await parseAndPrepare(outcome.body, {
				url: outcome.finalUrl,
				contentType: outcome.contentType,
				now: fetchedAt,
				mediaKey: ctx.mediaKey
			});
		} catch (err) {
			failure = { status: outcome.status, message: (err as Error).message, gone: false, notBefore: outcome.notBefore };
		}
	}

	let stored: StoreCounts;
	let state: FeedFetchedState;
	try {
		({ stored, state } = await storeEntriesThen(
			ctx.db,
			feedId,
			parsed?.entries ?? [],
			fetchedAt,
			async (tx, counts) => {
				const state = await nextState(tx, ctx, feed, outcome, failure, parsed, fetchedAt);
				await saveFeedState(tx, feedId, state);
				return { stored: counts, state };
			}
		));
	} catch (err) {
		ctx.logger.warn({ err, feedId }, 'could not store a refresh; the feed backs off');
		// Entries of chunks that committed stay; their count is unknown here, and the next fetch finds them stored.
		stored = { added: 0, updated: 0 };
		parsed = null;
		const message = `could not save this refresh: ${(err as Error).message}`;
		failure = { status: outcome.status, message, gone: false, notBefore: null };
		state = await ctx.db.transaction(async (tx) => {
			const state = await nextState(tx, ctx, feed, outcome, failure, null, fetchedAt);
			await saveFeedState(tx, feedId, state);
			return state;
		});
	}
	if (stored.added + stored.updated > 0 || state.version !== null) ctx.bus.notify(await subscriberIds(ctx.db, feedId));

	if (!failure && !ctx.signal?.aborted) {
		// Only the two URLs are kept for later, not the parsed feed.
		const siteUrl = parsed?.siteUrl ?? feed.site_url;
		const feedIconUrl = parsed?.iconUrl ?? null;
		const lookup = () => refreshIconIfStale(ctx, feedId, siteUrl, feedIconUrl);
		if (ctx.lookUpIcon) ctx.lookUpIcon(lookup);
		else await lookup();
	}
	return {
		feedId,
		status: statusOf(outcome, failure, stored.added + stored.updated),
		added: stored.added,
		updated: stored.updated,
		httpStatus: state.httpStatus,
		error: state.lastError,
		nextFetchAt: state.nextFetchAt
	};
}

async function fetchOutcome(ctx: RefreshContext, feed: FeedRow): Promise<FeedFetchOutcome> {
	try {
		return await fetchFeed(
			feed.url,
			{ etag: feed.etag, lastModified: feed.last_modified, bodyHash: feed.body_hash },
			{ allowPrivate: ctx.allowPrivate, timeoutMs: ctx.timeoutMs, signal: ctx.signal, now: ctx.now() }
		);
	} catch (err) {
		// The fetcher reports HTTP failures as outcomes; anything it throws (refused address, timeout) is one too.
		return { kind: 'error', status: null, message: (err as Error).message, gone: false, notBefore: null };
	}
}

function statusOf(outcome: FeedFetchOutcome, failure: { gone: boolean } | null, changed: number): RefreshStatus {
	if (failure) return failure.gone ? 'gone' : 'error';
	if (outcome.kind === 'not_modified') return 'not_modified';
	return changed > 0 ? 'updated' : 'unchanged';
}

/** The feed row after this fetch; runs inside the write transaction so the version is taken in order. */
async function nextState(
	tx: Sql,
	ctx: RefreshContext,
	feed: FeedRow,
	outcome: FeedFetchOutcome,
	failure: Failure | null,
	parsed: ParsedFeed | null,
	fetchedAt: number
): Promise<FeedFetchedState> {
	const consecutiveErrors = failure ? feed.consecutive_errors + 1 : 0;
	const lastError = failure ? failure.message : null;
	const goneAt = failure?.gone ? (feed.gone_at ?? fetchedAt) : null;
	const title = parsed?.title || null;
	const visibleChange =
		(title !== null && title !== feed.title) || lastError !== feed.last_error || goneAt !== feed.gone_at;
	return {
		url: failure ? feed.url : await newUrl(tx, ctx, feed, outcome),
		title,
		siteUrl: parsed?.siteUrl ?? null,
		description: parsed?.description ?? null,
		language: parsed?.language ?? null,
		ttlMinutes: parsed?.ttlMinutes ?? null,
		// After a failure the old validators stay, so the next fetch gets the full body again and not a 304.
		etag: failure || outcome.kind === 'error' ? feed.etag : outcome.etag,
		lastModified: failure || outcome.kind === 'error' ? feed.last_modified : outcome.lastModified,
		bodyHash: outcome.kind === 'ok' && parsed ? outcome.bodyHash : feed.body_hash,
		fetchedAt,
		nextFetchAt: goneAt
			? Number.MAX_SAFE_INTEGER
			: nextFetchAt({
					now: fetchedAt,
					fixedIntervalMinutes: ctx.fixedIntervalMinutes,
					recentPublishTimes: await recentPublishTimes(tx, feed.id, fetchedAt - RATE_WINDOW_MS),
					ttlMinutes: parsed?.ttlMinutes ?? feed.ttl_minutes,
					notBefore: failure?.notBefore ?? outcome.notBefore,
					consecutiveErrors,
					random: ctx.random()
				}),
		httpStatus: failure ? failure.status : outcome.status,
		lastError,
		consecutiveErrors,
		goneAt,
		version: visibleChange ? await nextVersion(tx) : null
	};
}

/** A permanent redirect moves the feed, unless another feed row already has that URL (then it stays, noted). */
async function newUrl(tx: Sql, ctx: RefreshContext, feed: FeedRow, outcome: FeedFetchOutcome): Promise<string> {
	if (outcome.kind !== 'ok' || !outcome.permanentRedirect || outcome.finalUrl === feed.url) return feed.url;
	const other = await feedIdByUrl(tx, outcome.finalUrl);
	if (other !== undefined && other !== feed.id) {
		ctx.logger.warn(
			{ feedId: feed.id, to: outcome.finalUrl, otherFeedId: other },
			'feed moved to a URL another feed has; keeping its URL'
		);
		return feed.url;
	}
	ctx.logger.info({ feedId: feed.id, from: feed.url, to: outcome.finalUrl }, 'feed moved permanently');
	return outcome.finalUrl;
}
