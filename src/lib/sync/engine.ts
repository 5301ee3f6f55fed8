import { ApiError } from '$lib/api/api-error';
import type { TidingsDb } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import type { RejectedMutation } from '$lib/db/schema';
import { backoffDelay } from './backoff';
import { describeSyncError } from './error-messages';
import { withLock } from './lock';
import { pullAll, pushPending, type Exchange } from './exchange';
import { pendingCount } from './outbox';
import type { SyncTransport } from './sync-api';
import { realTimers, type Timers } from './timers';

export interface SyncStatusSnapshot {
	online: boolean;
	syncing: boolean;
	/**
	 * True from a pull's second page until the cycle ends (a first sync, or a long time offline): the UI may
	 * refresh its queries now and then instead of after every page, which would re-run them once per page.
	 */
	catchingUp: boolean;
	pendingCount: number;
	lastSyncAt: number | null;
	/** A sentence for people, or null after a successful sync. */
	lastError: string | null;
	/** The error's code (`network`, `unavailable`, `unauthenticated` …), for the UI's icon and for tests. */
	lastErrorCode: string | null;
	/** Recently rejected mutations, newest first. */
	rejected: RejectedMutation[];
	/** When the next retry after a failure is due, or null. */
	nextRetryAt: number | null;
}

/** Subscribes the engine to the platform's triggers (online, visibility, the server's nudge); returns cleanup. */
export type TriggerSource = (engine: SyncEngine) => () => void;

export interface SyncEngineOptions {
	db: TidingsDb;
	/** The account this database belongs to: the engine refuses to push a database of another user. */
	userId: number;
	transport: SyncTransport;
	getToken: () => string | null;
	/**
	 * Called on a 401 `unauthenticated` with the token that got it: the session must sign in again. Nothing else
	 * calls it; the session ignores it when it already holds a newer token.
	 */
	onUnauthenticated: (token: string) => void;
	triggers?: TriggerSource;
	timers?: Timers;
	random?: () => number;
	now?: () => number;
	debounceMs?: number;
	periodicMs?: number;
	pullLimit?: number;
	/** The longest wait between retries after failures (a server's Retry-After can still ask for more). */
	maxBackoffMs?: number;
}

export type CycleOutcome = 'synced' | 'failed' | 'signed-out';

/**
 * One engine per open user database. A cycle pushes every pending mutation (oldest first, in batches that fit the
 * server's limits) and then pulls every page. Cycles never overlap: they run under a lock named after the
 * database, and a trigger during a cycle schedules one more cycle after it.
 */
export class SyncEngine {
	private readonly db: TidingsDb;
	private readonly timers: Timers;
	private readonly now: () => number;
	private readonly listeners = new Set<(status: SyncStatusSnapshot) => void>();
	private readonly cleanups: (() => void)[] = [];
	private state: SyncStatusSnapshot = {
		online: true,
		syncing: false,
		catchingUp: false,
		pendingCount: 0,
		lastSyncAt: null,
		lastError: null,
		lastErrorCode: null,
		rejected: [],
		nextRetryAt: null
	};
	private running: Promise<CycleOutcome> | null = null;
	private followUp: Promise<CycleOutcome> | null = null;
	private again = false;
	private attempt = 0;
	private cancelScheduled: (() => void) | null = null;
	private stopped = true;

	constructor(private readonly options: SyncEngineOptions) {
		this.db = options.db;
		this.timers = options.timers ?? realTimers;
		this.now = options.now ?? Date.now;
	}

	get status(): SyncStatusSnapshot {
		return this.state;
	}

	subscribe(listener: (status: SyncStatusSnapshot) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}

	/** Starts listening to writes and triggers, and syncs at once. */
	start(): void {
		if (!this.stopped) return;
		this.stopped = false;
		this.cleanups.push(this.db.onLocalWrite(() => void this.onLocalWrite()));
		if (this.options.triggers) this.cleanups.push(this.options.triggers(this));
		this.cleanups.push(this.timers.every(this.options.periodicMs ?? 5 * 60_000, () => this.requestSync()));
		void this.refreshCounts();
		void getMeta(this.db, 'lastSyncAt')
			.then((at) => {
				if (this.state.lastSyncAt === null) this.update({ lastSyncAt: at ?? null });
			})
			.catch(() => undefined);
		this.requestSync(0);
	}

	stop(): void {
		this.stopped = true;
		this.cancelScheduled?.();
		this.cancelScheduled = null;
		this.update({ nextRetryAt: null });
		for (const cleanup of this.cleanups.splice(0)) cleanup();
	}

	/**
	 * Asks for a cycle after `delayMs` (debounced: several requests make one cycle). While a retry after a failure
	 * is scheduled, its backoff (and the server's Retry-After) stands: writes and nudges wait for it.
	 */
	requestSync(delayMs = this.options.debounceMs ?? 300): void {
		if (this.stopped || this.retryScheduled) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.schedule(delayMs, false);
	}

	/** The platform says the network state changed (the `online`/`offline` events). */
	setOnline(online: boolean): void {
		this.update({ online });
		if (online && !this.stopped) {
			// The network is back: what failed because it was gone may work now, so retry at once.
			this.attempt = 0;
			if (this.running) this.again = true;
			else this.schedule(0, false);
		}
	}

	/**
	 * Runs a cycle now, e.g. for a "Sync now" button. During a cycle, callers share one follow-up cycle, so
	 * changes made meanwhile are pushed and cycles never overlap.
	 */
	syncNow(): Promise<CycleOutcome> {
		this.cancelScheduled?.();
		this.cancelScheduled = null;
		if (this.followUp) return this.followUp;
		if (!this.running) return this.runCycle();
		this.again = false;
		this.followUp = this.running.then(() => {
			this.followUp = null;
			return this.runCycle();
		});
		return this.followUp;
	}

	private async runCycle(): Promise<CycleOutcome> {
		this.running = this.cycle();
		try {
			return await this.running;
		} finally {
			this.running = null;
			if (this.again && !this.stopped && !this.retryScheduled) this.schedule(this.options.debounceMs ?? 300, false);
			this.again = false;
		}
	}

	private async onLocalWrite(): Promise<void> {
		await this.refreshCounts();
		this.requestSync();
	}

	private schedule(delayMs: number, isRetry: boolean): void {
		this.cancelScheduled?.();
		this.cancelScheduled = this.timers.after(delayMs, () => {
			this.cancelScheduled = null;
			void this.syncNow();
		});
		this.update({ nextRetryAt: isRetry ? this.now() + delayMs : null });
	}

	private get retryScheduled(): boolean {
		return this.cancelScheduled !== null && this.state.nextRetryAt !== null;
	}

	private async cycle(): Promise<CycleOutcome> {
		const token = this.stopped ? null : this.options.getToken();
		if (!token) return 'signed-out';
		this.update({ syncing: true, nextRetryAt: null });
		try {
			if ((await getMeta(this.db, 'userId')) !== this.options.userId) {
				// Never push one account's outbox under another account's token.
				this.update({ lastError: 'This device database belongs to another account.', lastErrorCode: 'wrong_account' });
				return 'failed';
			}
			const exchange: Exchange = {
				db: this.db,
				transport: this.reportingCatchUp(this.options.transport),
				token,
				now: this.now,
				pullLimit: this.options.pullLimit
			};
			await withLock(`tidings-sync-${this.db.name}`, async () => {
				await pushPending(exchange);
				await pullAll(exchange);
			});
			this.attempt = 0;
			const lastSyncAt = this.now();
			await setMeta(this.db, 'lastSyncAt', lastSyncAt);
			this.update({ online: true, lastSyncAt, lastError: null, lastErrorCode: null });
			return 'synced';
		} catch (err) {
			return this.fail(err, token);
		} finally {
			this.update({ syncing: false, catchingUp: false });
			await this.refreshCounts();
		}
	}

	/**
	 * The transport, telling the status when the pull asks for a second page: the first is applied by then, so the
	 * screen shows it at once, and the pages after it are paced.
	 */
	private reportingCatchUp(transport: SyncTransport): SyncTransport {
		let morePages = false;
		return {
			push: (token, body) => transport.push(token, body),
			pull: async (token, body) => {
				if (morePages && !this.state.catchingUp) this.update({ catchingUp: true });
				const page = await transport.pull(token, body);
				morePages = page.hasMore;
				return page;
			}
		};
	}

	private fail(err: unknown, token: string): CycleOutcome {
		const apiError = err instanceof ApiError ? err : null;
		this.update({
			lastError: describeSyncError(err),
			lastErrorCode: apiError?.code ?? 'internal',
			...(apiError ? { online: apiError.status !== 0 || apiError.code === 'timeout' } : {})
		});
		if (apiError?.isUnauthenticated) {
			this.options.onUnauthenticated(token);
			return 'signed-out';
		}
		this.attempt += 1;
		if (!this.stopped) {
			this.schedule(
				backoffDelay(this.attempt, apiError?.retryAfterMs, this.options.random, this.options.maxBackoffMs),
				true
			);
		}
		return 'failed';
	}

	private async refreshCounts(): Promise<void> {
		try {
			const [count, rejected] = await Promise.all([
				pendingCount(this.db),
				this.db.rejected.orderBy('seq').reverse().limit(20).toArray()
			]);
			this.update({ pendingCount: count, rejected });
		} catch {
			// The database was closed (another account signed in): this engine's counts no longer matter.
		}
	}

	private update(changes: Partial<SyncStatusSnapshot>): void {
		this.state = { ...this.state, ...changes };
		for (const listener of this.listeners) listener(this.state);
	}
}
