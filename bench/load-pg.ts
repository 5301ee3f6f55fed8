/**
 * `load-pg`: the `load` benchmark (64 devices of 16 users pushing and pulling for 20 s) in three scenarios, one
 * after the other in one run, each on fresh data seeded alike: one server process on SQLite, one on PostgreSQL,
 * two on one PostgreSQL database (each device keeps its connection to one process, and each user has devices on
 * both). PostgreSQL is the benchmark's own throwaway cluster. Prints one Markdown table: requests/s, latency,
 * failures, CPU per request of each server process and of PostgreSQL, and what PostgreSQL's connections waited on.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { postgresBinDir } from '../scripts/ensure-postgres.mjs';
import { startBenchPostgres } from './support/bench-postgres';
import { LOAD_SHAPE } from './support/load-devices';
import { runScenario, type ScenarioFigures } from './support/load-scenario';
import { finish, runMain, say } from './support/report';
import { round } from './support/stats';

const SECONDS = 20;

function row(s: ScenarioFigures): string {
	const { result } = s;
	const servers = s.servers.map((share) => `${share.cpuUsPerRequest}`).join(' + ');
	const cells = [
		s.name,
		Math.round(result.requests.average),
		result.latency.p50,
		result.latency.p99,
		`${s.errors} / ${s.unauthorized} / ${s.status503}`,
		servers,
		s.postgresCpuUsPerRequest ?? '–',
		s.servers.map((share) => `${Math.round(share.loopBusy * 100)} %`).join(' + '),
		`${Math.round(s.machineBusy * 100)} %`,
		round(s.loadAverage, 1)
	];
	return `| ${cells.join(' | ')} |`;
}

function table(scenarios: ScenarioFigures[]): string {
	return [
		'| scenario | requests/s | p50 ms | p99 ms | errors / 401 / 503 | node CPU µs/request (per process) | ' +
			'PostgreSQL CPU µs/request | event loop busy | machine busy | load avg |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...scenarios.map(row)
	].join('\n');
}

runMain(async () => {
	if (!postgresBinDir()) {
		execFileSync(process.execPath, [path.join(import.meta.dirname, '..', 'scripts', 'ensure-postgres.mjs')], {
			stdio: 'inherit'
		});
	}
	const postgres = await startBenchPostgres();
	const scenarios: ScenarioFigures[] = [];
	try {
		for (const [name, backend, processes] of [
			['SQLite, 1 process', { kind: 'sqlite' }, 1],
			['PostgreSQL, 1 process', { kind: 'postgres', postgres }, 1],
			['PostgreSQL, 2 processes', { kind: 'postgres', postgres }, 2]
		] as const) {
			const figures = await runScenario(name, backend, processes, SECONDS);
			scenarios.push(figures);
			say(name, `${Math.round(figures.result.requests.average)} req/s, p99 ${figures.result.latency.p99} ms`);
			if (figures.activity) say(`${name}, PostgreSQL connections (mean per sample)`, figures.activity);
		}
	} finally {
		await postgres.stop();
	}
	console.log(`\n${table(scenarios)}\n`);
	const [sqlite, pg1, pg2] = scenarios as [ScenarioFigures, ScenarioFigures, ScenarioFigures];
	const rps = (s: ScenarioFigures) => s.result.requests.average;
	finish(
		'load-pg',
		{
			sqlite_rps: Math.round(rps(sqlite)),
			pg1_rps: Math.round(rps(pg1)),
			pg2_rps: Math.round(rps(pg2)),
			sqlite_p99_ms: sqlite.result.latency.p99,
			pg1_p99_ms: pg1.result.latency.p99,
			pg2_p99_ms: pg2.result.latency.p99,
			pg1_vs_sqlite: round(rps(pg1) / rps(sqlite)),
			pg2_vs_pg1: round(rps(pg2) / rps(pg1)),
			errors: scenarios.reduce((sum, s) => sum + s.errors, 0)
		},
		{
			...LOAD_SHAPE,
			seconds: SECONDS,
			scenarios: scenarios.map(({ result, servers, ...rest }) => ({
				...rest,
				requests: result.requests,
				latency: result.latency,
				statusCodes: result.statusCodeStats,
				servers: servers.map(({ stats, ...share }) => ({ ...share, maxRssMb: stats.maxRssMb }))
			}))
		}
	);
});
