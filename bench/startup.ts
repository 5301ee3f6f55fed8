/**
 * Start time and idle memory of the server as production starts it (dist/, plain node) and from the sources
 * through tsx, side by side in one run: the time from spawn to the first 200 from /api/health, and the resident
 * memory once it idles. Each start gets a fresh data directory; the median of 3 starts per way is reported.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildServer, SERVER_MAIN } from '../scripts/build-server.mjs';
import { makeDataDir } from '../tests/support/test-server';
import { finish, runMain, say } from './support/report';
import { median, round } from './support/stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 3;
const IDLE_MS = 3000;
const WAYS = {
	compiled: [SERVER_MAIN],
	tsx: ['--import', 'tsx', path.join(ROOT, 'server', 'index.ts')]
} as const;

function rssMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function healthy(url: string): Promise<boolean> {
	try {
		return (await fetch(`${url}/api/health`)).ok;
	} catch {
		return false;
	}
}

async function startOnce(args: readonly string[]): Promise<{ firstAnswerMs: number; idleRssMb: number }> {
	const dataDir = makeDataDir();
	const port = 40_000 + Math.floor(Math.random() * 20_000);
	const url = `http://127.0.0.1:${port}`;
	const started = performance.now();
	const child = spawn(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
		stdio: 'ignore'
	});
	try {
		// Polled like a platform's health check would: the figure includes at most one 10 ms poll interval.
		while (!(await healthy(url))) await new Promise((resolve) => setTimeout(resolve, 10));
		const firstAnswerMs = performance.now() - started;
		await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
		return { firstAnswerMs, idleRssMb: rssMb(child.pid!) };
	} finally {
		child.kill('SIGTERM');
		await new Promise((resolve) => child.once('exit', resolve));
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

runMain(async () => {
	await buildServer();
	const details: Record<string, { firstAnswerMs: number[]; idleRssMb: number[] }> = {};
	// Interleaved, so a machine that gets busier during the run weighs on both ways alike.
	for (let run = 0; run < RUNS; run++) {
		for (const [way, args] of Object.entries(WAYS)) {
			const result = await startOnce(args);
			details[way] ??= { firstAnswerMs: [], idleRssMb: [] };
			details[way].firstAnswerMs.push(round(result.firstAnswerMs, 0));
			details[way].idleRssMb.push(round(result.idleRssMb, 1));
			say(`${way} run ${run + 1}`, result);
		}
	}
	const result: Record<string, number> = {};
	for (const [way, figures] of Object.entries(details)) {
		result[`${way}FirstAnswerMs`] = median(figures.firstAnswerMs);
		result[`${way}IdleRssMb`] = median(figures.idleRssMb);
	}
	result.startRatio = round(result.tsxFirstAnswerMs! / result.compiledFirstAnswerMs!, 2);
	finish('startup', result, details);
});
