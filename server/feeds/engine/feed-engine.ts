import type { Config } from '../../config';
import { mediaKey as mediaKeyFor, type MediaConfig } from '../../media/media-key';
import type { Store } from '../../db/sql';
import type { FeedRefresher } from '../../deps';
import type { Logger } from '../../log';
import type { ChangeBus } from '../../sync/change-bus';
import { getFeed, listDueFeeds, nextDueAt } from '../feeds-repo';
import type { RefreshResult } from '../refresh/refresh-feed';
import { backoffMs } from '../refresh/schedule-policy';
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
 * Runs feed refreshes: a queue with a global and a per-host concurrency limit, a scheduler that wakes when the
 * next feed is due, manual and subscription-triggered refreshes through the same queue, the daily retention
 * job, and a stop that aborts the fetches in flight (a slow feed server cannot hold up a shutdown).
 */
export class FeedEngine implements FeedRefresher {
	readonly #o: Required<Omit<FeedEngineOptions, 'timeoutMs' | 'refresh'>> & Pick<FeedEngineOptions, 'timeoutMs'>;
	readonly #refresh: (feedId: number) => Promise<RefreshResult>;
	readonly #pending = new Map<number, Job>();
	readonly #running = new Map<number, Job>();
	readonly #starting = new Map<number, Promise<RefreshResult>>();
	readonly #perHost = new Map<string, number>();
	/** Feeds whose refresh threw (it could not even save its failure): not scheduled again before `until`. */
	readonly #heldBack = new Map<number, { failures: number; until: number }>();
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
						mediaKey
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
	 * Queues the feed (or joins its queued or running fetch) and resolves with what the fetch did. Calls for one
	 * feed while its row is being read get the same promise, so the feed is queued once.
	 */
	refreshNow(feedId: number): Promise<RefreshResult> {
		const existing = this.#running.get(feedId) ?? this.#pending.get(feedId);
		if (existing) return existing.promise;
		let starting = this.#starting.get(feedId);
		if (!starting) {
			if (this.#stopped) return Promise.reject(new Error('the feed engine is stopping'));
			starting = this.#enqueue(feedId);
			this.#starting.set(feedId, starting);
		}
		return starting;
	}

	async #enqueue(feedId: number): Promise<RefreshResult> {
		try {
			const feed = await getFeed(this.#o.store, feedId);
			if (!feed) throw new Error(`feed ${feedId} does not exist`);
			if (this.#stopped) throw new Error('the feed engine is stopping');
			let resolve!: Job['resolve'];
			let reject!: Job['reject'];
			const promise = new Promise<RefreshResult>((res, rej) => ((resolve = res), (reject = rej)));
			this.#pending.set(feedId, { feedId, host: hostOf(feed.url), promise, resolve, reject });
			this.#pump();
			return promise;
		} finally {
			// From here on the pending and running sets answer for the feed.
			this.#starting.delete(feedId);
		}
	}

	/** Queues every feed that is due now and waits for all of them. */
	async runDue(): Promise<RefreshResult[]> {
		const due = await listDueFeeds(this.#o.store, this.#o.now(), 10_000);
		const results = await Promise.allSettled(due.map((f) => this.refreshNow(f.id)));
		return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
	}

	get activeCount(): number {
		return this.#running.size;
	}

	/** Resolves once no fetch is queued or running: at once when none is. */
	idle(): Promise<void> {
		if (this.#running.size === 0 && this.#pending.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.#idleWaiters.push(resolve));
	}

	start(): void {
		this.#stopped = false;
		if (this.#aborter.signal.aborted) this.#aborter = new AbortController();
		this.#scheduleTick(0);
		this.#scheduleRetention();
	}

	/** Stops scheduling, drops what is queued, aborts the fetches in flight and waits for them to end. */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#aborter.abort();
		this.#o.timers.clearTimeout(this.#tickTimer);
		this.#o.timers.clearTimeout(this.#retentionTimer);
		for (const job of this.#pending.values()) job.reject(new Error('the feed engine stopped'));
		this.#pending.clear();
		await Promise.allSettled([...this.#running.values()].map((job) => job.promise));
	}

	#pump(): void {
		for (const job of this.#pending.values()) {
			if (this.#running.size >= this.#o.concurrency) return;
			const onHost = this.#perHost.get(job.host) ?? 0;
			if (onHost >= this.#o.perHost) continue;
			this.#pending.delete(job.feedId);
			this.#running.set(job.feedId, job);
			this.#perHost.set(job.host, onHost + 1);
			// Leave the running set before resolving: a caller that asks again on resolution gets a new fetch.
			this.#refresh(job.feedId)
				.then(
					(result) => {
						this.#heldBack.delete(job.feedId);
						return result;
					},
					(err: unknown) => {
						this.#holdBack(job.feedId);
						throw err;
					}
				)
				.finally(() => {
					this.#running.delete(job.feedId);
					this.#perHost.set(job.host, (this.#perHost.get(job.host) ?? 1) - 1);
					this.#pump();
					if (this.#running.size === 0 && this.#pending.size === 0) {
						for (const resolve of this.#idleWaiters.splice(0)) resolve();
					}
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
			const now = this.#o.now();
			const room = Math.max(this.#o.concurrency * 4 - this.#pending.size, 0);
			const due = (await listDueFeeds(this.#o.store, now, room + this.#heldBack.size)).filter(
				(feed) => (this.#heldBack.get(feed.id)?.until ?? 0) <= now
			);
			for (const feed of due.slice(0, room)) {
				this.refreshNow(feed.id).catch((err: unknown) =>
					this.#o.logger.warn({ err, feedId: feed.id }, 'refresh failed')
				);
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

	/**
	 * A refresh that throws has not saved its own backoff (the database refused even that), so the feed would
	 * stay due and be fetched again at every tick. The engine holds it back as a failing fetch would be.
	 */
	#holdBack(feedId: number): void {
		const failures = (this.#heldBack.get(feedId)?.failures ?? 0) + 1;
		this.#heldBack.set(feedId, { failures, until: this.#o.now() + backoffMs(failures) });
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
