import path from 'node:path';
import { startChild } from './child';

export interface ServerStats {
	rssMb: number;
	maxRssMb: number;
	loopActiveMs: number;
	cpuMs: number;
	sqliteBusyLogLines: number;
	errorLogLines: number;
}

export interface BenchServer {
	url: string;
	dataDir: string;
	/** The server process's memory and its count of SQLITE_BUSY log lines so far. */
	stats(): Promise<ServerStats>;
	/**
	 * Runs fn; with BENCH_PROFILE_DIR set, records the server's CPU profile meanwhile into
	 * <dir>/<label>.cpuprofile (open it in Chrome DevTools), so the profile shows the measured phase only.
	 */
	profiled<T>(label: string, fn: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** Starts the real app in a child process (see server-process-main.ts) and waits until it listens. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
	const child = await startChild(path.join(import.meta.dirname, 'server-process-main.ts'), {
		BENCH_SERVER_ENV: JSON.stringify({ LOG_LEVEL: 'info', ...env })
	});
	return {
		url: child.ready.url as string,
		dataDir: child.ready.dataDir as string,
		stats: async () => (await child.request('stats')).stats as ServerStats,
		async profiled(label, fn) {
			const dir = process.env.BENCH_PROFILE_DIR;
			if (!dir) return fn();
			await child.request('profile-start');
			try {
				return await fn();
			} finally {
				await child.request(`profile-stop ${path.resolve(dir, `${label}.cpuprofile`)}`);
			}
		},
		close: () => child.close()
	};
}
