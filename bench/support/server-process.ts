import path from 'node:path';
import { startChild } from './child';

export interface ServerStats {
	rssMb: number;
	maxRssMb: number;
	sqliteBusyLogLines: number;
	errorLogLines: number;
}

export interface BenchServer {
	url: string;
	dataDir: string;
	/** The server process's memory and its count of SQLITE_BUSY log lines so far. */
	stats(): Promise<ServerStats>;
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
		close: () => child.close()
	};
}
