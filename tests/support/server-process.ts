import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { SERVER_MAIN } from '../../scripts/build-server.mjs';

export interface ServerProcess {
	url: string;
	child: ChildProcess;
	/** Every log line the process printed, parsed. */
	logs: Record<string, unknown>[];
	exited: Promise<number | null>;
}

/**
 * The real server as a separate process, on a free port, with the given environment: the compiled server in dist/
 * (built by tests/support/build-server.ts), as production runs it.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
	const child = spawn(process.execPath, [SERVER_MAIN], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const logs: Record<string, unknown>[] = [];
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const port = await new Promise<number>((resolve, reject) => {
		readline.createInterface({ input: child.stdout! }).on('line', (line) => {
			try {
				const entry = JSON.parse(line) as Record<string, unknown>;
				logs.push(entry);
				if (typeof entry.port === 'number') resolve(entry.port);
			} catch {
				// Not a log line.
			}
		});
		void exited.then((code) => reject(new Error(`server exited with ${code} before listening`)));
	});
	return { url: `http://127.0.0.1:${port}`, child, logs, exited };
}
