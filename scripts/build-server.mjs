// Builds the server into dist/: index.js (the main file), one file per worker thread beside it (found there by
// server/workers/start-worker.ts), the chunks split off for loading on first use, and the SQL migrations (found
// beside the main file by server/db/migrate.ts and, as pg-migrations, by server/db/pg/migrate.ts).
// Packages stay imports of node_modules, so dist/ runs with plain `node` on the production dependencies.
// esbuild, not tsc: tsc emits one file per module with the sources' extension-less imports, which Node's ESM
// loader refuses, and only type-checking the server takes it 6 s here, where esbuild bundles it in 1.2-1.6 s.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

export const SERVER_ENTRIES = {
	index: 'server/index.ts',
	'checkpoint-worker': 'server/db/checkpoint-worker.ts',
	'parse-worker': 'server/feeds/refresh/parse-worker.ts',
	// The CLI too, so the production image (no tsx) can run it: `node dist/cli.js migrate-to-postgres`.
	cli: 'server/cli/index.ts'
};

/** The compiled main file `npm start`, the Dockerfile and the tests run. */
export const SERVER_MAIN = path.join(root, 'dist', 'index.js');

/** Builds into `outdir` (default dist/) and answers the main file's path. */
export async function buildServer(outdir = path.dirname(SERVER_MAIN)) {
	fs.rmSync(outdir, { recursive: true, force: true });
	await build({
		absWorkingDir: root,
		entryPoints: SERVER_ENTRIES,
		outdir,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		// What only some requests need (the fetcher, the feed parsers, sanitize-html, OPML, full text, the media
		// proxy) sits behind dynamic imports in the source; split, it lands in chunk files that load on first use
		// instead of at start. They stay beside index.js, so import.meta.url names the same directory in every file
		// (workers and migrations are found from it).
		splitting: true,
		sourcemap: 'linked',
		logLevel: 'warning'
	});
	fs.cpSync(path.join(root, 'server', 'db', 'migrations'), path.join(outdir, 'migrations'), { recursive: true });
	fs.cpSync(path.join(root, 'server', 'db', 'pg', 'migrations'), path.join(outdir, 'pg-migrations'), {
		recursive: true
	});
	return path.join(outdir, 'index.js');
}

if (import.meta.filename === process.argv[1]) {
	const started = performance.now();
	const main = await buildServer();
	console.log(`built ${path.relative(root, main)} in ${Math.round(performance.now() - started)} ms`);
}
