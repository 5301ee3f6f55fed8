import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { startWorker, workerEntry } from '../workers/start-worker';
import type { CheckpointWorkerData, CheckpointWorkerReport, CheckpointWorkerRequest } from './checkpoint-worker';
import type { Db } from './open';

/** SQLite's own wal_autocheckpoint: the committing connection checkpoints once the WAL reaches this many pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface WalCheckpointerOptions {
	/** How soon the worker checkpoints again after a checkpoint that found new WAL frames. */
	activeIntervalMs: number;
	/** ... and after one that found none (which costs next to nothing). */
	idleIntervalMs: number;
	/**
	 * The main connection's auto-checkpoint while the worker runs: reached when the worker falls behind, or when
	 * writes never pause long enough for it to catch up (the WAL only starts over once all of it is copied).
	 */
	safetyNetPages: number;
}

const DEFAULTS: WalCheckpointerOptions = { activeIntervalMs: 50, idleIntervalMs: 250, safetyNetPages: 10_000 };

/**
 * Runs SQLite's WAL checkpoints in a worker thread with its own connection. By default the connection that
 * commits checkpoints every 1000 WAL pages, copying pages and fsyncing the database file on the event loop: a
 * 6–11 ms stall for every request behind it. While the worker runs, the main connection's auto-checkpoint is only
 * a safety net against a worker that lags; when the worker fails to start or dies, it is set back to SQLite's
 * default, so the WAL is never left to grow without bound. In-memory and read-only databases need none.
 */
export class WalCheckpointer {
	readonly #db: Db;
	readonly #logger: Logger;
	readonly #worker: Worker | null = null;
	readonly #exited: Promise<void> = Promise.resolve();
	#running = false;
	#stopping = false;
	/** True once the worker's connection is open and has checkpointed once; false if it never got there. */
	readonly ready: Promise<boolean> = Promise.resolve(false);

	constructor(db: Db, logger: Logger, options: Partial<WalCheckpointerOptions> = {}) {
		this.#db = db;
		this.#logger = logger;
		if (db.memory || db.readonly) return;
		const { activeIntervalMs, idleIntervalMs, safetyNetPages } = { ...DEFAULTS, ...options };
		db.pragma(`wal_autocheckpoint = ${Math.trunc(safetyNetPages)}`);
		const workerData: CheckpointWorkerData = { file: path.resolve(db.name), activeIntervalMs, idleIntervalMs };
		const worker = startWorker(workerEntry(import.meta.url, 'checkpoint-worker'), { workerData });
		// The server's shutdown closes it; a forgotten one must not keep the process alive.
		worker.unref();
		this.#worker = worker;
		this.#running = true;
		let failure: string | undefined;
		this.ready = new Promise((resolve) => {
			worker.on('message', (report: CheckpointWorkerReport) => {
				if ('ready' in report) resolve(true);
				else if ('diskFull' in report) this.#diskFull(report.diskFull);
				else failure = report.failed;
			});
			worker.once('exit', () => resolve(false));
		});
		// The worker reports its own failures; an error it could not report (it crashed) still ends it.
		worker.on('error', (err) => (failure ??= err.message));
		this.#exited = new Promise((resolve) =>
			worker.once('exit', (exitCode) => {
				this.#running = false;
				if (!this.#stopping) this.#fallBack(exitCode, failure);
				resolve();
			})
		);
	}

	/** Whether the worker thread is alive. */
	get running(): boolean {
		return this.#running;
	}

	/** Stops the worker and closes its connection; the main connection checkpoints on its own again. */
	async close(): Promise<void> {
		if (!this.#worker) return;
		this.#stopping = true;
		if (this.#running) {
			// Held until it has ended, or a process with nothing else to do would exit before the worker's connection closes.
			this.#worker.ref();
			this.#worker.postMessage('stop' satisfies CheckpointWorkerRequest);
		}
		await this.#exited;
		this.#restoreAutocheckpoint();
	}

	#diskFull(full: boolean): void {
		if (full) this.#logger.warn('the disk is full: WAL checkpoints wait for free space, and the WAL grows meanwhile');
		else this.#logger.info('disk space is back: WAL checkpoints go on');
	}

	#fallBack(exitCode: number, failure: string | undefined): void {
		this.#restoreAutocheckpoint();
		this.#logger.warn(
			{ failure, exitCode },
			'the WAL checkpointer thread stopped; checkpoints run on the main thread again (SQLite default)'
		);
	}

	#restoreAutocheckpoint(): void {
		if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
	}
}
