/**
 * `npm run bench` runs every benchmark, `npm run bench -- <name> [<name>...]` the named ones. Each runs in its
 * own process (a clean heap, its own peak RSS, nothing left over from the previous one) and ends with one
 * `RESULT <name> key=value ...` line; this prints those lines again at the end.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { BENCHMARKS } from './benchmarks';

function runOne(name: string): Promise<{ code: number | null; result: string | undefined }> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, `${name}.ts`)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let result: string | undefined;
	readline.createInterface({ input: child.stdout }).on('line', (line) => {
		console.log(line);
		if (line.startsWith(`RESULT ${name} `)) result = line;
	});
	return new Promise((resolve) => child.once('exit', (code) => resolve({ code, result })));
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length) {
	console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
	process.exit(2);
}

const summary: string[] = [];
let failed = 0;
for (const name of requested.length ? requested : BENCHMARKS) {
	console.log(`\n== ${name}`);
	const { code, result } = await runOne(name);
	if (code !== 0 || !result) {
		failed += 1;
		summary.push(`FAILED ${name} (exit ${code})`);
	} else summary.push(result);
}
console.log('\n' + summary.join('\n'));
process.exit(failed ? 1 : 0);
