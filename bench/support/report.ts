import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', 'results');

export type ResultValues = Record<string, number | string | boolean>;

/** The machine a figure was measured on: figures from different machines are not comparable. */
export function machine(): Record<string, string | number> {
	return {
		cpus: os.availableParallelism(),
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGb: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		date: new Date().toISOString()
	};
}

/** Prints a labelled figure as the benchmark goes, so a long run shows progress. */
export function say(label: string, value: unknown): void {
	console.log(`  ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/**
 * Writes bench/results/<name>.json (the result keys, every detailed figure and the machine) and prints the one
 * `RESULT <name> key=value ...` line scripts read; it must be the benchmark's last line of output.
 */
export function finish(name: string, result: ResultValues, details: Record<string, unknown>): void {
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const report = { name, result, details, machine: machine() };
	fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
	const pairs = Object.entries(result).map(([key, value]) => `${key}=${value}`);
	console.log(`RESULT ${name} ${pairs.join(' ')}`);
}

/** Runs a benchmark's main function, exiting non-zero on failure so `npm run bench` reports it. */
export function runMain(main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(err: unknown) => {
			console.error(err);
			process.exit(1);
		}
	);
}
