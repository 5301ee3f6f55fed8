import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../../workers/start-worker';
import type { ParsedFeed, PrepareOptions } from './prepare-entries';

export interface ParseJob {
	id: number;
	body: Uint8Array;
	options: PrepareOptions;
}
export type ParseReply = { id: number; ok: true; feed: ParsedFeed } | { id: number; ok: false; message: string };

export interface ParsePoolOptions {
	/** Worker threads at most; they start on demand. */
	size: number;
	/** Jobs that may wait for a free worker; more is refused (a safety net: the engine runs only a few at once). */
	maxQueued: number;
	/** A document that takes longer is hostile or broken: its worker is stopped and the job fails. */
	jobTimeoutMs: number;
	/** Workers stop after this long without work, so an idle server holds no extra threads. */
	idleMs: number;
	/** Each worker's heap (V8 old generation); a document that needs more fails alone. */
	heapLimitMb: number;
}

interface Waiting {
	body: Uint8Array;
	options: PrepareOptions;
	transfer: boolean;
	resolve(feed: ParsedFeed): void;
	reject(err: Error): void;
}
interface Slot {
	worker: Worker;
	job: (Waiting & { id: number; timer: NodeJS.Timeout }) | null;
}

/**
 * A few reused worker threads that parse and sanitize fetched feeds (`parse-worker.ts`), so that the CPU work of
 * a refresh runs beside the API instead of on its event loop. Jobs wait in a bounded queue for a free worker; a
 * worker that crashes, runs out of its memory limit or takes too long fails its job only and is replaced.
 */
export class ParsePool {
	readonly #o: ParsePoolOptions;
	readonly #slots: Slot[] = [];
	readonly #queue: Waiting[] = [];
	#nextId = 1;
	#idleTimer: NodeJS.Timeout | null = null;

	constructor(options: ParsePoolOptions) {
		this.#o = options;
	}

	/**
	 * Resolves with the parsed, sanitized feed; rejects with the parser's message (e.g. "this is not a feed"). With
	 * `transfer`, a body that fills its own ArrayBuffer moves to the worker instead of being copied, and is empty
	 * (detached) for the caller from then on.
	 */
	parse(body: Uint8Array, options: PrepareOptions, { transfer = false } = {}): Promise<ParsedFeed> {
		if (this.#queue.length >= this.#o.maxQueued) {
			return Promise.reject(new Error('too many feeds are waiting to be parsed; try again later'));
		}
		return new Promise<ParsedFeed>((resolve, reject) => {
			this.#queue.push({ body, options, transfer, resolve, reject });
			this.#dispatch();
		});
	}

	get workerCount(): number {
		return this.#slots.length;
	}

	/** Stops every worker; jobs running or waiting fail. */
	async close(): Promise<void> {
		const slots = this.#slots.splice(0);
		for (const waiting of this.#queue.splice(0)) waiting.reject(new Error('the feed parser stopped'));
		await Promise.all(slots.map((slot) => this.#end(slot, new Error('the feed parser stopped'))));
	}

	#dispatch(): void {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		this.#idleTimer = null;
		while (this.#queue.length > 0) {
			const slot = this.#slots.find((s) => s.job === null) ?? this.#spawn();
			if (!slot) return;
			const waiting = this.#queue.shift()!;
			const id = this.#nextId++;
			const timer = setTimeout(
				() => void this.#retire(slot, new Error(`parsing took longer than ${this.#o.jobTimeoutMs / 1000} s`)),
				this.#o.jobTimeoutMs
			).unref();
			slot.job = { ...waiting, id, timer };
			const { body } = waiting;
			const ownsBuffer = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
			const transferList = waiting.transfer && ownsBuffer ? [body.buffer as ArrayBuffer] : [];
			slot.worker.postMessage({ id, body, options: waiting.options } satisfies ParseJob, transferList);
		}
		if (this.#slots.every((s) => s.job === null)) {
			this.#idleTimer = setTimeout(() => void this.close(), this.#o.idleMs).unref();
		}
	}

	#spawn(): Slot | undefined {
		if (this.#slots.length >= this.#o.size) return undefined;
		const worker = startWorker(workerEntry(import.meta.url, 'parse-worker'), {
			// A hostile document must not take the server's memory with it.
			resourceLimits: { maxOldGenerationSizeMb: this.#o.heapLimitMb }
		});
		worker.unref();
		const slot: Slot = { worker, job: null };
		worker.on('message', (reply: ParseReply) => {
			const job = slot.job;
			if (!job || job.id !== reply.id) return;
			clearTimeout(job.timer);
			slot.job = null;
			if (reply.ok) job.resolve(reply.feed);
			else job.reject(new Error(reply.message));
			this.#dispatch();
		});
		worker.on('error', (err) => void this.#retire(slot, err));
		worker.on('exit', (code) => void this.#retire(slot, new Error(`the feed parser stopped (exit ${code})`)));
		this.#slots.push(slot);
		return slot;
	}

	/** Takes a failed worker out of the pool; the jobs waiting go to the others or to a new one. */
	async #retire(slot: Slot, err: Error): Promise<void> {
		const index = this.#slots.indexOf(slot);
		if (index < 0) return;
		this.#slots.splice(index, 1);
		const ended = this.#end(slot, err);
		this.#dispatch();
		await ended;
	}

	async #end(slot: Slot, err: Error): Promise<void> {
		if (slot.job) {
			clearTimeout(slot.job.timer);
			slot.job.reject(err);
			slot.job = null;
		}
		await slot.worker.terminate();
	}
}
