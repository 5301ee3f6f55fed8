/**
 * `load`: 64 concurrent clients of 16 users for 20 s (autocannon, one connection per client), each alternating a
 * push of 10 mutations and a pull from its own cookie, against the server in its own process. Counts errors,
 * 401s and SQLITE_BUSY (503s and the server's log). `load-pg` runs the same on PostgreSQL with one and two servers.
 */
import path from 'node:path';
import { openDatabase } from '../server/db/open';
import { SqliteStore } from '../server/db/sqlite-store';
import { LOAD_SHAPE, seedDevices } from './support/load-devices';
import { driveDevices } from './support/load-run';
import { finish, runMain, say } from './support/report';
import { startBenchServer } from './support/server-process';

const SECONDS = 20;

runMain(async () => {
	const server = await startBenchServer();
	try {
		const store = new SqliteStore(openDatabase(path.join(server.dataDir, 'tidings.db'), { busyTimeoutMs: 5000 }));
		const devices = await seedDevices([server.url], store);
		await store.close();
		say('seeded', `${LOAD_SHAPE.users} users, ${devices.length} synced devices`);
		const load = await driveDevices([server], devices, SECONDS);
		const { result } = load;
		// What one request costs the server, steadier than rps on a noisy machine: the event loop's busy time and
		// the CPU of the whole process (the checkpoint and parse threads included) per request answered.
		const { loopUsPerRequest, cpuUsPerRequest, stats } = load.servers[0]!;
		say(
			'load',
			`${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
				`max ${result.latency.max} ms; errors ${load.errors}, 401 ${load.unauthorized}, 503 ${load.status503}, ` +
				`SQLITE_BUSY in log ${load.sqliteBusy}; server per request: event loop ${loopUsPerRequest} µs, ` +
				`CPU ${cpuUsPerRequest} µs`
		);
		finish(
			'load',
			{
				rps: Math.round(result.requests.average),
				p50_ms: result.latency.p50,
				p99_ms: result.latency.p99,
				errors: load.errors,
				unauthorized: load.unauthorized,
				sqlite_busy: load.sqliteBusy,
				status_503: load.status503,
				loop_us_per_request: loopUsPerRequest,
				cpu_us_per_request: cpuUsPerRequest
			},
			{
				...LOAD_SHAPE,
				clients: devices.length,
				seconds: SECONDS,
				requests: result.requests,
				latency: result.latency,
				statusCodes: result.statusCodeStats,
				connectionErrors: result.errors,
				timeouts: result.timeouts,
				server: stats
			}
		);
	} finally {
		await server.close();
	}
});
