import pLimit from 'p-limit';
import type { Config } from '../../config';
import { mediaKey as mediaKeyFor, type MediaConfig } from '../../media/media-key';
import type { Store } from '../../db/sql';
import type { FeedRefresher } from '../../deps';
import type { Logger } from '../../log';
import type { ChangeBus } from '../../sync/change-bus';
import { claimDueFeeds, claimFeed, releaseFeed, type ClaimedFeed } from '../feed-leases-repo';
import { nextDueAt } from '../feeds-repo';
import type { RefreshResult } from '../refresh/refresh-feed';
import { runRetention } from '../../entries/retention';
import { pruneTombstones } from '../../sync/tombstone-prune';

export interface Timers {
	/** fn returns the scheduler's tick, which tests await; the real timers ignore it. */
	setTimeout(fn: () => Promise<void> | void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface FeedEngineOptions {
	store: Store;
	logger: Logger;
	bus: ChangeBus;
	config: Pick<Config, 'ALLOW_PRIVATE_FEEDS' | 'REFRESH_INTERVAL_MINUTES'> & MediaConfig;
	now?: () => number;
	random?: () => number;
	timers?: Timers;
	/** Fetches at once, over all hosts. */
	concurrency?: number;
	/** Fetches at once to one host, so a server with many of our feeds is not hammered. */
	perHost?: number;
	/** The longest the scheduler sleeps before looking for due feeds again. */
	maxSleepMs?: number;
	retentionEveryMs?: number;
	timeoutMs?: number;
	/** What fetching one feed means; tests replace it to observe the scheduling alone. */
	refresh?: (feedId: number) => Promise<RefreshResult>;
}

interface Job {
	feedId: number;
	host: string;
	promise: Promise<RefreshResult>;
	resolve(result: RefreshResult): void;
	reject(err: unknown): void;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Icon lookups at once. They run apart from the fetches: a lookup (a site's home page, then its icons, each up
 * to 10 s) inside a fetch slot held up the next feeds of the same host, all of an OPML import's from one.
 */
const ICON_LOOKUPS_AT_ONCE = 4;

/**
 * Runs feed refreshes: a queue with a global and a per-host concurrency limit, a scheduler that wakes when the
 * next feed is due, manual and subscription-triggered refreshes through the same queue, the icon lookups that
 * follow refreshes in a lane of their own, the daily retention job, and a stop that aborts the fetches and
 * lookups in flight (a slow feed server or site cannot hold up a shutdown).
 */
export class FeedEngine implements FeedRefresher {
	readonly #o: Required<Omit<FeedEngineOptions, 'timeoutMs' | 'refresh'>> & Pick<FeedEngineOptions, 'timeoutMs'>;
	readonly #refresh: (feedId: number) => Promise<RefreshResult>;
	readonly #pending = new Map<number, Job>();
	readonly #running = new Map<number, Job>();
	/** Requested refreshes whose claim is on its way to the database. */
	readonly #claiming = new Map<number, Promise<RefreshResult>>();
	readonly #perHost = new Map<string, number>();
	readonly #iconLane = pLimit(ICON_LOOKUPS_AT_ONCE);
	readonly #iconLookups = new Set<Promise<void>>();
	readonly #idleWaiters: (() => void)[] = [];
	/** Aborted by stop(): the fetches in flight end at once instead of running to their timeout. */
	#aborter = new AbortController();
	#tickTimer: unknown = null;
	#retentionTimer: unknown = null;
	#stopped = false;

	constructor(options: FeedEngineOptions) {
		this.#o = {
			now: Date.now,
			random: Math.random,
			timers: {
				setTimeout: (fn, ms) => setTimeout(() => void fn(), ms).unref(),
				clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout)
			},
			concurrency: 8,
			perHost: 2,
			maxSleepMs: 60_000,
			retentionEveryMs: DAY,
			// AppDeps spread in carries `now: undefined` when the app uses the real clock.
			...(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as FeedEngineOptions)
		};
		const mediaKey = mediaKeyFor(this.#o.config);
		this.#refresh =
			options.refresh ??
			(async (feedId) => {
				// Loaded on the first refresh: the fetcher and the parsers are not needed to start answering requests.
				const { refreshFeed } = await import('../refresh/refresh-feed');
				return refreshFeed(
					{
						db: this.#o.store,
						logger: this.#o.logger,
						bus: this.#o.bus,
						allowPrivate: this.#o.config.ALLOW_PRIVATE_FEEDS,
						fixedIntervalMinutes: this.#o.config.REFRESH_INTERVAL_MINUTES,
						now: this.#o.now,
						random: this.#o.random,
						timeoutMs: this.#o.timeoutMs,
						signal: this.#aborter.signal,
						mediaKey,
						lookUpIcon: (lookup) => this.#queueIconLookup(lookup)
					},
					feedId
				);
			});
	}

	/** Subscribing calls this after its transaction commits: the fetch happens soon, never inside the request. */
	requestRefresh(feedId: number): void {
		this.refreshNow(feedId).catch((err: unknown) => this.#o.logger.warn({ err, feedId }, 'requested refresh failed'));
	}

	/**
	 * Fetches the feed now, whatever its schedule (someone asked: the refresh button, a new subscription), or
	 * joins its queued or running fetch; resolves with what the fetch did. The claim keeps the schedulers of the
	 * other processes away from it meanwhile; calls while it is on its way get the same promise.
	 */
	refreshNow(feedId: number): Promise<RefreshResult> {
		const existing = this.#running.get(feedId)?.promise ?? this.#pending.get(feedId)?.promise;
		if (existing) return existing;
		const claiming = this.#claiming.get(feedId);
		if (claiming) return claiming;
		if (this.#stopped) return Promise.reject(new Error('the feed engine is stopping'));
		const promise = claimFeed(this.#o.store, feedId, this.#o.now()).then((feed) => {
			// From here on the pending and running sets answer for the feed.
			this.#claiming.delete(feedId);
			if (!feed) throw new Error(`feed ${feedId} does not exist`);
			return this.#enqueue(feed);
		});
		this.#claiming.set(feedId, promise);
		promise.catch(() => {
			this.#claiming.delete(feedId);
			this.#wakeIdleWaiters();
		});
		return promise;
	}

	/** Claims every feed that is due now, fetches them and waits for all of them. */
	async runDue(): Promise<RefreshResult[]> {
		const due = await claimDueFeeds(this.#o.store, this.#o.now(), 10_000);
		const results = await Promise.allSettled(due.map((feed) => this.#enqueue(feed)));
		return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
	}

	/** Queues a feed this process has claimed (or joins its fetch, already queued or running here). */
	#enqueue(feed: ClaimedFeed): Promise<RefreshResult> {
		const existing = this.#running.get(feed.id) ?? this.#pending.get(feed.id);
		if (existing) return existing.promise;
		if (this.#stopped) return Promise.reject(new Error('the feed engine is stopping'));
		let resolve!: Job['resolve'];
		let reject!: Job['reject'];
		const promise = new Promise<RefreshResult>((res, rej) => ((resolve = res), (reject = rej)));
		this.#pending.set(feed.id, { feedId: feed.id, host: hostOf(feed.url), promise, resolve, reject });
		this.#pump();
		return promise;
	}

	get activeCount(): number {
		return this.#running.size;
	}

	/** Resolves once no fetch is claimed, queued or running, nor an icon lookup: at once when none is. */
	idle(): Promise<void> {
		if (this.#isIdle()) return Promise.resolve();
		return new Promise((resolve) => this.#idleWaiters.push(resolve));
	}

	#isIdle(): boolean {
		return (
			this.#running.size === 0 && this.#pending.size === 0 && this.#claiming.size === 0 && this.#iconLookups.size === 0
		);
	}

	/** A lookup started after stop() returns at once: it sees the aborted signal of the refresh that queued it. */
	#queueIconLookup(lookup: () => Promise<void>): void {
		const task: Promise<void> = this.#iconLane(lookup)
			.catch((err: unknown) => this.#o.logger.warn({ err }, 'icon lookup failed'))
			.finally(() => {
				this.#iconLookups.delete(task);
				this.#wakeIdleWaiters();
			});
		this.#iconLookups.add(task);
	}

	#wakeIdleWaiters(): void {
		if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
	}

	start(): void {
		this.#stopped = false;
		if (this.#aborter.signal.aborted) this.#aborter = new AbortController();
		this.#scheduleTick(0);
		this.#scheduleRetention();
	}

	/**
	 * Stops scheduling, drops what is queued, aborts the fetches and icon lookups in flight and waits for them to
	 * end. Claims that did not end in a saved refresh are handed back (due now), so another process or the next
	 * start fetches those feeds at once rather than when their leases end.
	 */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#aborter.abort();
		this.#o.timers.clearTimeout(this.#tickTimer);
		this.#o.timers.clearTimeout(this.#retentionTimer);
		const dropped = [...this.#pending.values()];
		this.#pending.clear();
		for (const job of dropped) job.reject(new Error('the feed engine stopped'));
		const handBack = (job: Job) => releaseFeed(this.#o.store, job.feedId, this.#o.now());
		await Promise.allSettled([
			...dropped.map(handBack),
			...[...this.#running.values()].map((job) => job.promise.catch(() => handBack(job))),
			...this.#iconLookups
		]);
	}

	#pump(): void {
		for (const job of this.#pending.values()) {
			if (this.#running.size >= this.#o.concurrency) return;
			const onHost = this.#perHost.get(job.host) ?? 0;
			if (onHost >= this.#o.perHost) continue;
			this.#pending.delete(job.feedId);
			this.#running.set(job.feedId, job);
			this.#perHost.set(job.host, onHost + 1);
			// Leave the running set before resolving: a caller that asks again on resolution gets a new fetch. A
			// refresh that throws saved nothing, not even its failure: the feed keeps its lease and waits for its
			// end, like a backoff, instead of being fetched again at every tick.
			this.#refresh(job.feedId)
				.finally(() => {
					this.#running.delete(job.feedId);
					this.#perHost.set(job.host, (this.#perHost.get(job.host) ?? 1) - 1);
					this.#pump();
					this.#wakeIdleWaiters();
				})
				.then(job.resolve, job.reject);
		}
	}

	#scheduleTick(delayMs: number): void {
		if (this.#stopped) return;
		this.#tickTimer = this.#o.timers.setTimeout(() => this.#tick(), delayMs);
	}

	async #tick(): Promise<void> {
		try {
			const room = Math.max(this.#o.concurrency * 4 - this.#pending.size, 0);
			const claimed = room > 0 ? await claimDueFeeds(this.#o.store, this.#o.now(), room) : [];
			// Which process fetches which feed, when several share a database (each due feed is claimed by one).
			this.#o.logger.debug({ feedIds: claimed.map((feed) => feed.id) }, 'scheduler claimed due feeds');
			for (const feed of claimed) {
				this.#enqueue(feed).catch((err: unknown) => this.#o.logger.warn({ err, feedId: feed.id }, 'refresh failed'));
			}
			const next = await nextDueAt(this.#o.store);
			const sleep = next === null ? this.#o.maxSleepMs : next - this.#o.now();
			this.#scheduleTick(Math.min(Math.max(sleep, 1000), this.#o.maxSleepMs));
		} catch (err) {
			// A busy database: try again on the next tick rather than stop scheduling.
			this.#o.logger.error({ err }, 'feed scheduler tick failed');
			this.#scheduleTick(this.#o.maxSleepMs);
		}
	}

	/** The first run comes soon after start (a server restarted daily would otherwise never run it). */
	#scheduleRetention(delayMs = Math.min(this.#o.retentionEveryMs, 10 * 60_000)): void {
		if (this.#stopped) return;
		this.#retentionTimer = this.#o.timers.setTimeout(() => {
			runRetention(this.#o.store, this.#o.now(), this.#o.bus)
				.then(async (report) => {
					const tombstoneHorizon = await pruneTombstones(this.#o.store, this.#o.now());
					this.#o.logger.info({ ...report, tombstoneHorizon }, 'retention done');
				})
				.catch((err: unknown) => this.#o.logger.error({ err }, 'retention failed'))
				.finally(() => this.#scheduleRetention(this.#o.retentionEveryMs));
		}, delayMs);
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}
