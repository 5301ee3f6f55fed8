import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/open';
import { openPgStore } from '../../server/db/pg/pg-store';
import type { Store } from '../../server/db/sql';
import { SqliteStore } from '../../server/db/sqlite-store';
import { sampleActivity, type ActivityProfile, type BenchPostgres } from './bench-postgres';
import { seedDevices } from './load-devices';
import { driveDevices, type LoadFigures } from './load-run';
import { startCpuMeter } from './machine-cpu';
import { startBenchServer, type BenchServer } from './server-process';

export interface ScenarioFigures extends LoadFigures {
	name: string;
	/** The 1-minute load average when the scenario started: how busy the shared machine was. */
	loadAverage: number;
	machineBusy: number;
	loadGeneratorCpuMs: number;
	/** PostgreSQL's CPU (all its processes) during the load, and per request; null on SQLite. */
	postgresCpuMs: number | null;
	postgresCpuUsPerRequest: number | null;
	activity: ActivityProfile | null;
}

/** Where the servers of a scenario keep their data: a fresh SQLite file each, or one fresh database they share. */
export type Backend = { kind: 'sqlite' } | { kind: 'postgres'; postgres: BenchPostgres };

async function startServers(backend: Backend, processes: number): Promise<{ servers: BenchServer[]; url?: string }> {
	if (backend.kind === 'sqlite') return { servers: [await startBenchServer()] };
	const url = await backend.postgres.createDatabase();
	const servers: BenchServer[] = [];
	// One after the other: the first one migrates the new database.
	for (let i = 0; i < processes; i += 1) servers.push(await startBenchServer({ DATABASE_URL: url }));
	return { servers, url };
}

function openStore(server: BenchServer, url: string | undefined): Store {
	if (url) return openPgStore(url);
	return new SqliteStore(openDatabase(path.join(server.dataDir, 'tidings.db'), { busyTimeoutMs: 5000 }));
}

/**
 * One scenario of `load-pg`: `processes` server processes on a fresh database of `backend`, seeded alike, driven
 * by the same devices for `seconds`, with PostgreSQL's CPU and its connections' waits measured meanwhile.
 */
export async function runScenario(
	name: string,
	backend: Backend,
	processes: number,
	seconds: number
): Promise<ScenarioFigures> {
	const { servers, url } = await startServers(backend, processes);
	try {
		const store = openStore(servers[0]!, url);
		const devices = await seedDevices(
			servers.map((s) => s.url),
			store
		);
		await store.close();
		const loadAverage = os.loadavg()[0]!;
		const sampler = url ? await sampleActivity(url) : null;
		const postgresBefore = backend.kind === 'postgres' ? backend.postgres.cpuMs() : 0;
		const meter = startCpuMeter();
		const load = await driveDevices(servers, devices, seconds);
		const postgresCpuMs = backend.kind === 'postgres' ? backend.postgres.cpuMs() - postgresBefore : null;
		const machineBusy = meter.machineBusy();
		const loadGeneratorCpuMs = meter.ownMs();
		const activity = (await sampler?.stop()) ?? null;
		const requests = load.result.requests.total;
		return {
			name,
			...load,
			loadAverage,
			machineBusy,
			loadGeneratorCpuMs,
			postgresCpuMs,
			postgresCpuUsPerRequest: postgresCpuMs === null ? null : Math.round((postgresCpuMs * 1000) / requests),
			activity
		};
	} finally {
		for (const server of servers) await server.close();
	}
}
