import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a TypeScript file. The server is TypeScript run by tsx, and on Node 20 a worker does
 * not inherit tsx's loader (not even through execArgv `--import tsx`), so the worker starts as a tiny script that
 * registers tsx's ESM hooks and then imports the TypeScript entry.
 */
export function startTsWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
	return new Worker(workerBootstrap(entry), { ...options, eval: true });
}

function workerBootstrap(entry: URL): string {
	const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
	const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
	return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
