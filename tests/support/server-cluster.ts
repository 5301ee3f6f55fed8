import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPostgresDatabase } from './postgres-database';
import { startServerProcess, type ServerProcess } from './server-process';

/** Real server processes sharing one new PostgreSQL database, as the machines of one deployment do. */
export interface ServerCluster {
	databaseUrl: string;
	/** Starts one more process on the database, each with its own DATA_DIR; `env` adds to its environment. */
	start(env?: Record<string, string>): Promise<ServerProcess>;
	/** Ends the processes still running (SIGTERM, then waits for their exit) and removes their data directories. */
	stop(): Promise<void>;
}

export async function serverCluster(prefix: string): Promise<ServerCluster> {
	const databaseUrl = await freshPostgresDatabase(prefix);
	const dirs: string[] = [];
	const processes: ServerProcess[] = [];
	return {
		databaseUrl,
		async start(env = {}) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tidings-${prefix}-`));
			dirs.push(dir);
			const server = await startServerProcess({ DATABASE_URL: databaseUrl, DATA_DIR: dir, MEDIA_PROXY: 'off', ...env });
			processes.push(server);
			return server;
		},
		async stop() {
			await Promise.all(
				processes.map(async (server) => {
					if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
					await server.exited;
				})
			);
			for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
