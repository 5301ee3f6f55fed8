/**
 * Prints the latest results (bench/results/*.json) as the Markdown table of docs/performance.md, each figure with
 * its target where issue 7 sets one: `node --import tsx bench/table.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BENCHMARKS } from './benchmarks';
import { RESULTS_DIR } from './support/report';
import { TARGETS } from './support/targets';

console.log('| benchmark | figure | value | target | met |');
console.log('|---|---|---|---|---|');
for (const name of BENCHMARKS) {
	const file = path.join(RESULTS_DIR, `${name}.json`);
	if (!fs.existsSync(file)) {
		console.log(`| ${name} | (not run) | | | |`);
		continue;
	}
	const { result } = JSON.parse(fs.readFileSync(file, 'utf8')) as { result: Record<string, number> };
	for (const [key, value] of Object.entries(result)) {
		const target = TARGETS[name]?.[key];
		const met = target ? (target.met(value) ? 'yes' : '**no**') : '';
		console.log(`| ${name} | ${key} | ${value} | ${target?.text ?? ''} | ${met} |`);
	}
}
