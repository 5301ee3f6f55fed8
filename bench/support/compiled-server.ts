import fs from 'node:fs';
import { buildServer } from '../../scripts/build-server.mjs';
import { startServerProcess } from '../../tests/support/server-process';
import { makeDataDir } from '../../tests/support/test-server';

export interface CompiledServer {
	url: string;
	/** The process's resident memory now, and its peak since it started (Linux: /proc/<pid>/status). */
	memory(): { rssMb: number; peakRssMb: number };
	close(): Promise<void>;
}

/**
 * The server as production runs it: built into dist/ from the current sources, started with plain node on a
 * fresh data directory, worker threads compiled too. A benchmark of memory must measure this process: the
 * in-process test server (server-process-main.ts) carries tsx, its loader in every worker thread, and the
 * test support modules: 190-200 MB at idle against 110 (bench/startup.ts measures both ways).
 */
export async function startCompiledServer(env: Record<string, string> = {}): Promise<CompiledServer> {
	await buildServer();
	const dataDir = makeDataDir();
	const server = await startServerProcess({ DATA_DIR: dataDir, ...env });
	const pid = server.child.pid!;
	return {
		url: server.url,
		memory() {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
			return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
		},
		async close() {
			server.child.kill('SIGTERM');
			await server.exited;
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
