// `npm run lint`: svelte-kit sync (the generated types the others read), then the independent checks side by side,
// as many at a time as there are cores: each is one mostly single-threaded Node process, so run one after another
// they leave a core idle (on CI's 2 cores the checks took most of the lint's time that way). Each check's output
// is printed whole when it ends, not interleaved. A few lines here rather than a runner package (concurrently,
// npm-run-all2): the task is this small and the lint needs nothing else from one.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };

/** The slowest first, so the last one to start is a short one. */
const CHECKS = [
	['eslint', '.'],
	['prettier', '--check', '.'],
	['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings'],
	['tsc', '-p', 'server/tsconfig.json'],
	['node', 'scripts/check-deps.mjs']
];

function run([command, ...args]) {
	return new Promise((resolve) => {
		const started = performance.now();
		const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.once('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n`, started }));
		child.once('close', (code) => resolve({ ok: code === 0, output, started }));
	}).then(({ ok, output, started }) => {
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		process.stdout.write(`${ok ? '✓' : '✗'} ${[command, ...args].join(' ')} (${seconds} s)\n${output}`);
		return ok;
	});
}

const sync = spawnSync('svelte-kit', ['sync'], { cwd: root, env, stdio: 'inherit' });
if (sync.status !== 0) process.exit(1);

const queue = [...CHECKS];
const results = [];
const lanes = Array.from({ length: Math.min(os.availableParallelism(), queue.length) }, async () => {
	for (let check = queue.shift(); check; check = queue.shift()) results.push(await run(check));
});
await Promise.all(lanes);
process.exit(results.every(Boolean) ? 0 : 1);
