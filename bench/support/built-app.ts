import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Builds the app (`npx vite build`, skipped with BENCH_SKIP_BUILD=1) and copies build/ to a temporary folder,
 * so a rebuild by anyone else during the benchmark cannot change what is measured.
 */
export function builtAppCopy(): string {
	if (process.env.BENCH_SKIP_BUILD !== '1') {
		execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-build-'));
	fs.cpSync(path.join(ROOT, 'build'), copy, { recursive: true });
	return copy;
}
