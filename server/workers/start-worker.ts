import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker's entry is: next to the calling module when the server runs from its TypeScript sources (tsx),
 * next to the compiled main file when it runs from the build (scripts/build-server.mjs bundles each worker entry
 * as `<name>.js` beside `index.js`, and the bundle's `import.meta.url` is that main file's).
 */
export function workerEntry(callerUrl: string, name: string): URL {
	return new URL(callerUrl.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, callerUrl);
}

/**
 * Starts a worker thread. A compiled entry starts as it is. A TypeScript one (the sources, run by tsx in
 * development and tests) starts as a tiny script that registers tsx's ESM hooks and then imports the entry,
 * because on Node 20 a worker does not inherit tsx's loader (not even through execArgv `--import tsx`).
 */
export function startWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
	if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
	return new Worker(tsxBootstrap(entry), { ...options, eval: true });
}

function tsxBootstrap(entry: URL): string {
	const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
	const tsxApi = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
	return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
