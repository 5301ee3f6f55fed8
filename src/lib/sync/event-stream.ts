import { backoffDelay } from './backoff';
import { realTimers, type Timers } from './timers';

interface EventSourceLike {
	addEventListener(type: string, listener: () => void): void;
	close(): void;
}

export interface EventStreamOptions {
	/** The stream's address, asked again for each connection (the token may have changed); null: do not connect. */
	url: () => string | null;
	/** The server's nudge arrived, or the stream (re)connected after a gap in which nudges may have been missed. */
	onNudge: () => void;
	open?: (url: string) => EventSourceLike;
	timers?: Timers;
	random?: () => number;
	/** The longest wait before reconnecting (the engine's backoff cap). */
	maxBackoffMs?: number;
}

/**
 * The server's "pull now" stream with its reconnects in our hands. EventSource reconnects by itself every few
 * seconds for as long as the page lives, offline too; here a failed connection is closed and tried again after
 * the engine's backoff (full jitter, up to a minute), at once when the browser says it is online again.
 */
export class EventStream {
	private source: EventSourceLike | null = null;
	private cancelRetry: (() => void) | null = null;
	private failures = 0;
	private stopped = false;
	private readonly timers: Timers;

	constructor(private readonly options: EventStreamOptions) {
		this.timers = options.timers ?? realTimers;
	}

	start(): void {
		this.stopped = false;
		this.connect();
	}

	/** The network is back: no reason to wait out the backoff. */
	reconnectNow(): void {
		if (this.stopped || this.source) return;
		this.failures = 0;
		this.connect();
	}

	stop(): void {
		this.stopped = true;
		this.cancelRetry?.();
		this.cancelRetry = null;
		this.source?.close();
		this.source = null;
	}

	private connect(): void {
		this.cancelRetry?.();
		this.cancelRetry = null;
		const url = this.options.url();
		if (!url) return;
		const open = this.options.open ?? ((u: string) => new EventSource(u));
		const source = open(url);
		this.source = source;
		const reconnected = this.failures > 0;
		source.addEventListener('open', () => {
			this.failures = 0;
			if (reconnected) this.options.onNudge();
		});
		// The server names its nudge `change`; it carries nothing but "pull now".
		source.addEventListener('change', () => this.options.onNudge());
		source.addEventListener('error', () => {
			if (this.source !== source) return;
			source.close();
			this.source = null;
			this.failures += 1;
			const delay = backoffDelay(this.failures, undefined, this.options.random, this.options.maxBackoffMs);
			this.cancelRetry = this.timers.after(delay, () => this.connect());
		});
	}
}
