import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseFeed, type ParseFeedOptions } from '../parse/parse-feed';
import type { NormalizedFeed } from '../types';
import type { StoredEntry } from '../entries-repo';
import { prepareEntries } from './prepare-entries';

/** Below this a feed parses in a few milliseconds: a round trip to the worker would cost more than it saves. */
export const OFF_THREAD_BYTES = 256 * 1024;
/** The worker is stopped after this long without work, so an idle server holds no extra thread. */
const IDLE_MS = 30_000;

export type ParsedFeed = Omit<NormalizedFeed, 'entries'> & { entries: StoredEntry[] };
export interface ParseJob {
	id: number;
	body: Uint8Array;
	options: ParseFeedOptions;
}
export type ParseReply =
	| { id: number; ok: true; feed: Omit<NormalizedFeed, 'entries'>; entries: StoredEntry[] }
	| { id: number; ok: false; message: string };

/**
 * Parses a fetched feed and sanitizes its entries. Big bodies go to a worker thread (a 1.6 MB podcast feed takes
 * seconds of CPU to parse, which on the main thread would stall every API request); small ones are parsed here,
 * sanitized in chunks that yield to the event loop. Throws with the parser's message (e.g. "not a feed").
 */
export async function parseAndPrepare(body: Buffer, options: ParseFeedOptions): Promise<ParsedFeed> {
	if (body.length < OFF_THREAD_BYTES) {
		const { entries, ...feed } = parseFeed(body, options);
		return { ...feed, entries: await prepareEntries(entries, options.url) };
	}
	const reply = await parseWorker.run(body, options);
	if (!reply.ok) throw new Error(reply.message);
	return { ...reply.feed, entries: reply.entries };
}

class ParseWorker {
	#worker: Worker | null = null;
	#nextId = 1;
	#pending = new Map<number, { resolve(reply: ParseReply): void; reject(err: Error): void }>();
	#idleTimer: NodeJS.Timeout | null = null;

	run(body: Buffer, options: ParseFeedOptions): Promise<ParseReply> {
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		const worker = this.#start();
		const id = this.#nextId++;
		return new Promise<ParseReply>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			worker.postMessage({ id, body, options } satisfies ParseJob);
		});
	}

	#start(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(workerBootstrap(), {
			eval: true,
			// A hostile document must not take the server's memory with it.
			resourceLimits: { maxOldGenerationSizeMb: 512 }
		});
		worker.unref();
		worker.on('message', (reply: ParseReply) => {
			this.#pending.get(reply.id)?.resolve(reply);
			this.#pending.delete(reply.id);
			if (this.#pending.size === 0) this.#idleTimer = setTimeout(() => void this.#stop(), IDLE_MS).unref();
		});
		worker.on('error', (err) => this.#fail(worker, err));
		worker.on('exit', (code) => this.#fail(worker, new Error(`the feed parser stopped (exit ${code})`)));
		this.#worker = worker;
		return worker;
	}

	#fail(worker: Worker, err: Error): void {
		if (this.#worker !== worker) return;
		this.#worker = null;
		for (const { reject } of this.#pending.values()) reject(err);
		this.#pending.clear();
	}

	async #stop(): Promise<void> {
		const worker = this.#worker;
		if (!worker || this.#pending.size > 0) return;
		this.#worker = null;
		await worker.terminate();
	}
}

/**
 * The server is TypeScript run by tsx, and on Node 20 a worker does not inherit tsx's loader (not even through
 * execArgv `--import tsx`), so the worker starts as a tiny script that registers tsx's ESM hooks and then
 * imports the TypeScript entry.
 */
function workerBootstrap(): string {
	const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
	const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
	const entry = new URL('./parse-worker.ts', import.meta.url).href;
	return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

const parseWorker = new ParseWorker();
