/**
 * The real app (createApp on a real SQLite file in a temp dir, port 0; or on the PostgreSQL database of
 * DATABASE_URL, with the change bus's LISTEN/NOTIFY transport as production has it) in its own process, so the
 * load a benchmark generates and the server it measures do not share one event loop. Started by server-process.ts;
 * answers line commands on stdin: `stats` prints the process's memory and the server's SQLITE_BUSY log count,
 * `profile-start` and `profile-stop <file>` record a CPU profile of the measured phase only, `exit` closes the
 * server and removes its data.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import readline from 'node:readline';
import { ChangeBus } from '../../server/sync/change-bus';
import { PgChangeTransport } from '../../server/sync/pg-change-transport';
import { startTestServer } from '../../tests/support/test-server';

const env = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
const pgBus = env.DATABASE_URL
	? new ChangeBus(
			new PgChangeTransport({
				connectionString: env.DATABASE_URL,
				onError: (err) => console.error('bench server: the change bus lost its connection', err)
			})
		)
	: null;
await pgBus?.start();
const server = await startTestServer({
	env,
	// Benchmarks sign in many users from one address; the login limits are not what is measured.
	rateLimits: { loginPerIp: 1_000_000, loginPerUsername: 1_000_000, windowMs: 60_000 },
	extend: () => (pgBus ? { bus: pgBus } : {})
});

function stats(): Record<string, number> {
	const log = fs.readFileSync(server.logFile, 'utf8');
	return {
		rssMb: process.memoryUsage().rss / 2 ** 20,
		// The main thread's busy time (not waiting for I/O) and the CPU of all of the process's threads, so far.
		loopActiveMs: performance.eventLoopUtilization().active,
		cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
		sqliteBusyLogLines: log.split('\n').filter((line) => line.includes('SQLITE_BUSY')).length,
		errorLogLines: log.split('\n').filter((line) => /"level":(50|60)/.test(line)).length
	};
}

console.log(JSON.stringify({ ready: true, url: server.url, dataDir: server.dataDir }));

const profiler = new Session();

async function command(line: string): Promise<void> {
	const [name, arg] = line.trim().split(' ');
	if (name === 'stats') console.log(JSON.stringify({ stats: stats() }));
	if (name === 'profile-start') {
		profiler.connect();
		await profiler.post('Profiler.enable');
		await profiler.post('Profiler.start');
		console.log(JSON.stringify({ profiling: true }));
	}
	if (name === 'profile-stop' && arg) {
		const { profile } = await profiler.post('Profiler.stop');
		fs.writeFileSync(arg, JSON.stringify(profile));
		profiler.disconnect();
		console.log(JSON.stringify({ profile: arg }));
	}
	if (name === 'exit') {
		await server.close();
		await pgBus?.disconnect();
		process.exit(0);
	}
}

readline.createInterface({ input: process.stdin }).on('line', (line) => void command(line));
