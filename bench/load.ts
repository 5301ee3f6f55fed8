/**
 * `load`: 64 concurrent clients of 16 users for 20 s (autocannon, one connection per client), each alternating a
 * push of 10 mutations and a pull from its own cookie, against the server in its own process. Counts errors,
 * 401s and SQLITE_BUSY (503s and the server's log).
 */
import path from 'node:path';
import { SqliteStore } from '../server/db/sqlite-store';
import { openDatabase } from '../server/db/open';
import { PROTOCOL_VERSION, type PullResponse } from '#shared/sync';
import { createAdmin, createUsers } from './support/accounts';
import { runLoad, statusCount, type LoadRequest } from './support/autocannon';
import { feedUrls } from './support/feed-urls';
import { subscribedEntryIds, subscribedFeedIds } from './support/floor-repo';
import { MutationMix } from './support/mutation-mix';
import { finish, runMain, say } from './support/report';
import { seedEntries } from './support/seed-entries';
import { startBenchServer } from './support/server-process';
import { BenchClient, seedFolder, type SeededFolder } from './support/sync-client';

const USERS = 16;
const CLIENTS = 64;
const SECONDS = 20;
const FEEDS = 20;
const ENTRIES_PER_FEED = 50;
const BATCH = 10;

interface Device {
	client: BenchClient;
	folder: SeededFolder;
	entryIds: number[];
	cookie: string | null;
}

/** Push then pull, over and over, with this device's own mutation ids and cookie. */
function deviceRequests(device: Device): LoadRequest[] {
	const mix = new MutationMix(device.folder.subscriptionIds, device.entryIds);
	let nextId = 1;
	const headers = { 'content-type': 'application/json', authorization: `Bearer ${device.client.token}` };
	return [
		{
			method: 'POST',
			path: '/api/sync/push',
			setupRequest: (request) => {
				const mutations = mix.next(BATCH).mutations.map((m, i) => ({ id: nextId + i, ...m }));
				nextId += BATCH;
				const body = { protocolVersion: PROTOCOL_VERSION, clientId: device.client.clientId, mutations };
				return { ...request, headers, body: JSON.stringify(body) };
			}
		},
		{
			method: 'POST',
			path: '/api/sync/pull',
			setupRequest: (request) => {
				const body = { protocolVersion: PROTOCOL_VERSION, clientId: device.client.clientId, cookie: device.cookie };
				return { ...request, headers, body: JSON.stringify(body) };
			},
			onResponse: (status, body) => {
				if (status === 200) device.cookie = (JSON.parse(body) as PullResponse).cookie;
			}
		}
	];
}

/** 16 users, each with a folder of the same 20 feeds (50 entries each); 4 devices per user, fully synced. */
async function seed(url: string, dataDir: string): Promise<Device[]> {
	const admin = await createAdmin(url);
	const users = await createUsers(url, admin, USERS);
	const folders = await Promise.all(users.map((u) => seedFolder(new BenchClient(url, u.token), feedUrls(FEEDS))));
	const db = openDatabase(path.join(dataDir, 'tidings.db'), { busyTimeoutMs: 5000 });
	await seedEntries(new SqliteStore(db), subscribedFeedIds(db, users[0]!.user.id), ENTRIES_PER_FEED, 1024);
	const entryIds = users.map((u) => subscribedEntryIds(db, u.user.id, 1000));
	db.close();
	const devices: Device[] = [];
	for (let i = 0; i < CLIENTS; i += 1) {
		const u = i % USERS;
		const client = new BenchClient(url, users[u]!.token);
		let cookie: string | null = null;
		for (let more = true; more;) {
			const page = await client.pull(cookie);
			cookie = page.cookie;
			more = page.hasMore;
		}
		devices.push({ client, folder: folders[u]!, entryIds: entryIds[u]!, cookie });
	}
	return devices;
}

runMain(async () => {
	const server = await startBenchServer();
	try {
		const devices = await seed(server.url, server.dataDir);
		say('seeded', `${USERS} users, ${CLIENTS} synced devices`);
		const before = await server.stats();
		const result = await server.profiled('load', () =>
			runLoad({
				url: server.url,
				connections: CLIENTS,
				duration: SECONDS,
				requests: [{ method: 'POST', path: '/api/sync/pull' }],
				perConnection: (index) => deviceRequests(devices[index]!)
			})
		);
		const stats = await server.stats();
		const unauthorized = statusCount(result, 401);
		const busy503 = statusCount(result, 503);
		const errors = result.non2xx + result.errors + result.timeouts;
		// What one request costs the server, steadier than rps on a noisy machine: the event loop's busy time and
		// the CPU of the whole process (the checkpoint and parse threads included) per request answered.
		const loopUsPerRequest = Math.round(((stats.loopActiveMs - before.loopActiveMs) * 1000) / result.requests.total);
		const cpuUsPerRequest = Math.round(((stats.cpuMs - before.cpuMs) * 1000) / result.requests.total);
		say(
			'load',
			`${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
				`max ${result.latency.max} ms; errors ${errors}, 401 ${unauthorized}, 503 ${busy503}, ` +
				`SQLITE_BUSY in log ${stats.sqliteBusyLogLines}; server per request: event loop ${loopUsPerRequest} µs, ` +
				`CPU ${cpuUsPerRequest} µs`
		);
		finish(
			'load',
			{
				rps: Math.round(result.requests.average),
				p50_ms: result.latency.p50,
				p99_ms: result.latency.p99,
				errors,
				unauthorized,
				sqlite_busy: stats.sqliteBusyLogLines,
				status_503: busy503,
				loop_us_per_request: loopUsPerRequest,
				cpu_us_per_request: cpuUsPerRequest
			},
			{
				users: USERS,
				clients: CLIENTS,
				seconds: SECONDS,
				batch: BATCH,
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
