import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
	file: string;
	/** The next checkpoint's delay after one that found new WAL frames, and after one that found none. */
	activeIntervalMs: number;
	idleIntervalMs: number;
}
/**
 * The worker's reports: its connection is open and has checkpointed once; checkpoints stopped or started again
 * meeting a full disk; or why it ended.
 */
export type CheckpointWorkerReport = { ready: true } | { diskFull: boolean } | { failed: string };
/** The parent's one request: close the connection and end. */
export type CheckpointWorkerRequest = 'stop';

/**
 * The thread of the WAL checkpointer (`checkpointer.ts`): its own connection copies committed WAL pages into the
 * database file, so that copying and its fsync happen beside the server's event loop instead of on it.
 */
const { file, activeIntervalMs, idleIntervalMs } = workerData as CheckpointWorkerData;

/** better-sqlite3's errors lose their message when cloned to the parent as a worker error, so say it here. */
function fail(err: unknown): never {
	const { code, message } = err as { code?: string; message?: string };
	parentPort!.postMessage({ failed: [code, message].filter(Boolean).join(': ') } satisfies CheckpointWorkerReport);
	process.exit(1);
}

function open(): Database.Database {
	try {
		// No busy timeout: nothing here is worth waiting for, the next tick tries again.
		return new Database(file, { fileMustExist: true, timeout: 0 });
	} catch (err) {
		fail(err);
	}
}

const db = open();

interface CheckpointResult {
	/** SQLITE_BUSY: another connection was checkpointing. */
	busy: number;
	/** Frames in the WAL, and how many of them are now in the database file. */
	log: number;
	checkpointed: number;
}

let lastLog = -1;
let diskFull = false;

/** Says when checkpoints start failing for want of space, and when they succeed again: changes only. */
function reportDiskFull(full: boolean): void {
	if (full === diskFull) return;
	diskFull = full;
	parentPort!.postMessage({ diskFull: full } satisfies CheckpointWorkerReport);
}

/** Whether the WAL changed since the last checkpoint (new frames, or a writer started it over). */
function checkpoint(): boolean {
	try {
		// PASSIVE never blocks the server's readers or writers; when another checkpoint holds the lock (a backup,
		// the server's own safety net) SQLite says so in the result row and the next tick catches up.
		const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
		const changed = result!.log !== lastLog;
		lastLog = result!.log;
		reportDiskFull(false);
		return changed;
	} catch (err) {
		// Busy or locked is someone else's moment. A full disk passes when space is freed (checkpointing on the
		// server's thread would meet the same full disk): try again after the idle pause. Anything else (I/O, a
		// broken file) ends the worker, and the server falls back to checkpointing on its own thread.
		const code = String((err as { code?: unknown }).code);
		if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
		if (code.startsWith('SQLITE_FULL')) {
			reportDiskFull(true);
			return false;
		}
		fail(err);
	}
}

/**
 * The server's next write starts the WAL over only if every frame is in the database file by then, which under
 * a steady load happens in a short pause between writes: short checkpoints close behind each other catch such a
 * pause far more often than one long one every 250 ms, which left the WAL to grow to the server's safety net.
 */
function tick(): void {
	timer = setTimeout(tick, checkpoint() ? activeIntervalMs : idleIntervalMs);
}

let timer: NodeJS.Timeout | undefined;
tick();
parentPort!.on('message', (message: CheckpointWorkerRequest) => {
	if (message !== 'stop') return;
	clearTimeout(timer);
	db.close();
	parentPort!.close();
});
parentPort!.postMessage({ ready: true } satisfies CheckpointWorkerReport);
