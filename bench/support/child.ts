import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** A helper process speaking one JSON object per stdout line, taking one command per stdin line. */
export interface BenchChild {
	/** The first line it printed, once it was ready. */
	ready: Record<string, unknown>;
	/** Sends a command and resolves with the next line it prints. */
	request(command: string): Promise<Record<string, unknown>>;
	/** Sends `exit` and waits for the process to end. */
	close(): Promise<void>;
}

/** Starts `main` (a TypeScript file) with tsx and waits for its first JSON line. */
export async function startChild(main: string, env: Record<string, string> = {}): Promise<BenchChild> {
	// BENCH_CHILD_NODE_ARGS (for example `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the helper processes.
	const nodeArgs = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', main], {
		env: { ...process.env, ...env },
		stdio: ['pipe', 'pipe', 'inherit']
	});
	const waiters: ((message: Record<string, unknown>) => void)[] = [];
	readline.createInterface({ input: child.stdout }).on('line', (line) => {
		try {
			const message = JSON.parse(line) as Record<string, unknown>;
			waiters.shift()?.(message);
		} catch {
			// Not a message: a stray log line.
		}
	});
	const next = () => new Promise<Record<string, unknown>>((resolve) => waiters.push(resolve));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const ready = await Promise.race([
		next(),
		exited.then(() => {
			throw new Error(`${main} exited before it was ready`);
		})
	]);
	return {
		ready,
		request(command) {
			const reply = next();
			child.stdin.write(`${command}\n`);
			return reply;
		},
		async close() {
			child.stdin.write('exit\n');
			await exited;
		}
	};
}
