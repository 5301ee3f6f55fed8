import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { SERVER_MAIN } from '../../../scripts/build-server.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

interface RunningServer {
	child: ChildProcess;
	exited: Promise<void>;
}

/** Starts the compiled server and resolves once it logged that it listens; every log line goes to `logs`. */
async function startProcess(entry: string, env: Record<string, string>, logs: unknown[]): Promise<RunningServer> {
	const child = spawn(process.execPath, [entry], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let errors = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		errors += chunk.toString();
		process.stderr.write(chunk);
	});
	// 'close', not 'exit': by then stderr has been read to its end.
	const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		readline.createInterface({ input: child.stdout! }).on('line', (line) => {
			try {
				const entry = JSON.parse(line) as { port?: unknown };
				logs.push(entry);
				if (typeof entry.port === 'number') resolve();
			} catch {
				logs.push(line);
			}
		});
		void exited.then(() => reject(new Error(`the server exited before listening: ${errors}`)));
	});
	return { child, exited };
}

/** A free TCP port on 127.0.0.1: the server keeps it across restarts, so devices keep one URL. */
export async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}

/**
 * The real server as a child process on a fixed port, killed with SIGKILL and started again on demand: the
 * compiled artifact in dist/ that production runs, worker threads included (built once per test run by
 * tests/support/build-server.ts), so each restart is a plain `node` start.
 */
export class RestartableServer {
	private current: RunningServer | null = null;
	private readonly entry = SERVER_MAIN;
	/** Every log line of every run, for the secrets scan. */
	readonly logs: unknown[] = [];
	readonly startTimesMs: number[] = [];
	readonly url: string;

	constructor(
		private env: Record<string, string>,
		readonly port: number
	) {
		this.url = `http://127.0.0.1:${port}`;
	}

	get running(): boolean {
		return this.current !== null;
	}

	/** Starts it again; `env` changes its environment from this start on (DATABASE_URL after a move, say). */
	async start(env: Record<string, string> = {}): Promise<void> {
		this.env = { ...this.env, ...env };
		const started = performance.now();
		for (let attempt = 1; ; attempt++) {
			try {
				this.current = await startProcess(this.entry, { ...this.env, PORT: String(this.port) }, this.logs);
				break;
			} catch (err) {
				// Only a port still taken is worth another try (another process took it after freePort, say).
				if (attempt >= 5 || !String(err).includes('EADDRINUSE')) throw err;
				await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
			}
		}
		this.startTimesMs.push(performance.now() - started);
	}

	/** SIGKILL: no shutdown handler runs, whatever was in flight is cut. */
	async kill(): Promise<void> {
		const server = this.current;
		if (!server) return;
		this.current = null;
		server.child.kill('SIGKILL');
		await server.exited;
	}

	/** Stops the server gracefully. */
	async stop(): Promise<void> {
		const server = this.current;
		this.current = null;
		if (server) {
			server.child.kill('SIGTERM');
			await server.exited;
		}
	}
}
