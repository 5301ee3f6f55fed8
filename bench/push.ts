/**
 * `push`: server-side apply time of one push of 1, 10, 100 and 1000 mutations (in-process, p50 and p99) against
 * the floor (the same rows written directly with better-sqlite3 in one transaction), measured side by side;
 * then HTTP throughput with autocannon against the server in its own process.
 */
import path from 'node:path';
import { SqliteStore } from '../server/db/sqlite-store';
import { openDatabase } from '../server/db/open';
import { applyPush } from '../server/sync/push-service';
import { PROTOCOL_VERSION, type PushRequest } from '#shared/sync';
import { startTestServer } from '../tests/support/test-server';
import { createAdmin } from './support/accounts';
import { runLoad } from './support/autocannon';
import { feedUrls } from './support/feed-urls';
import { subscribedEntryIds, subscribedFeedIds, writeFloor } from './support/floor-repo';
import { MutationMix } from './support/mutation-mix';
import { finish, runMain, say } from './support/report';
import { seedEntries } from './support/seed-entries';
import { startBenchServer } from './support/server-process';
import { round, summarize, type Summary } from './support/stats';
import { BenchClient, seedFolder } from './support/sync-client';
import type { Db } from '../server/db/open';

const BATCHES = [
	{ size: 1, runs: 400 },
	{ size: 10, runs: 200 },
	{ size: 100, runs: 60 },
	{ size: 1000, runs: 25 }
];
const SUBSCRIPTIONS = 1000;
const HTTP_BATCH = 100;
const HTTP_CONNECTIONS = 4;
const HTTP_SECONDS = 10;

/** A user with a folder of 1000 subscriptions, 50 of whose feeds hold 20 entries each. */
async function seedUser(url: string, db: Db) {
	const admin = await createAdmin(url);
	const folder = await seedFolder(new BenchClient(url, admin.token), feedUrls(SUBSCRIPTIONS));
	const store = new SqliteStore(db);
	await seedEntries(store, (await subscribedFeedIds(store, admin.user.id)).slice(0, 50), 20, 500);
	return { admin, folder, entryIds: await subscribedEntryIds(store, admin.user.id, 1000) };
}

function pushRequest(clientId: string, firstId: number, mutations: { name: string; args: unknown }[]): PushRequest {
	return {
		protocolVersion: PROTOCOL_VERSION,
		clientId,
		mutations: mutations.map((m, i) => ({ id: firstId + i, ...m }))
	};
}

async function measureInProcess() {
	const server = await startTestServer({ env: { LOG_LEVEL: 'warn' } });
	try {
		const { admin, folder, entryIds } = await seedUser(server.url, server.db);
		const userId = admin.user.id;
		const pushMix = new MutationMix(folder.subscriptionIds, entryIds);
		const floorMix = new MutationMix(folder.subscriptionIds, entryIds);
		const pushClient = 'bench-push-client';
		const floorClient = 'bench-floor-client';
		await applyPush(server.store, userId, pushRequest(floorClient, 1, []), Date.now(), server.deps.logger);
		let nextId = 1;
		let floorId = 0;
		const figures: Record<string, { push: Summary; floor: Summary; perMutationUs: number; ratio: number }> = {};
		for (const { size, runs } of BATCHES) {
			const push: number[] = [];
			const floor: number[] = [];
			const warmup = Math.max(3, Math.ceil(runs / 10));
			for (let run = 0; run < warmup + runs; run += 1) {
				const request = pushRequest(pushClient, nextId, pushMix.next(size).mutations);
				nextId += size;
				let start = performance.now();
				const outcome = await applyPush(server.store, userId, request, Date.now(), server.deps.logger);
				const pushMs = performance.now() - start;
				if (outcome.response.results.some((r) => r.status !== 'applied')) {
					throw new Error(
						`not applied: ${JSON.stringify(outcome.response.results.find((r) => r.status !== 'applied'))}`
					);
				}
				const writes = floorMix.next(size).floor;
				floorId += size;
				start = performance.now();
				writeFloor(server.db, userId, floorClient, floorId, writes);
				const floorMs = performance.now() - start;
				if (run >= warmup) {
					push.push(pushMs);
					floor.push(floorMs);
				}
			}
			const p = summarize(push);
			const f = summarize(floor);
			figures[size] = { push: p, floor: f, perMutationUs: round((p.p50 / size) * 1000), ratio: round(p.p50 / f.p50) };
			say(
				`batch ${size}`,
				`push p50 ${round(p.p50, 3)} ms p99 ${round(p.p99, 3)} ms (${figures[size].perMutationUs} µs/mutation); ` +
					`floor p50 ${round(f.p50, 3)} ms; ratio ${figures[size].ratio}`
			);
		}
		return figures;
	} finally {
		await server.close();
	}
}

async function measureHttp() {
	const server = await startBenchServer({ LOG_LEVEL: 'warn' });
	try {
		const db = openDatabase(path.join(server.dataDir, 'tidings.db'), { busyTimeoutMs: 5000 });
		const seeded = await seedUser(server.url, db);
		db.close();
		let rejected = 0;
		const result = await runLoad({
			url: server.url,
			connections: HTTP_CONNECTIONS,
			duration: HTTP_SECONDS,
			requests: [{ method: 'POST', path: '/api/sync/push' }],
			perConnection: (index) => {
				const clientId = `bench-http-${index}-${Date.now()}`;
				const mix = new MutationMix(seeded.folder.subscriptionIds, seeded.entryIds);
				let nextId = 1;
				return [
					{
						method: 'POST',
						path: '/api/sync/push',
						setupRequest: (request) => {
							const body = pushRequest(clientId, nextId, mix.next(HTTP_BATCH).mutations);
							nextId += HTTP_BATCH;
							return {
								...request,
								headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.admin.token}` },
								body: JSON.stringify(body)
							};
						},
						onResponse: (status, body) => {
							if (status === 200 && body.includes('"rejected"')) rejected += 1;
						}
					}
				];
			}
		});
		const mutationsPerS = (result['2xx'] * HTTP_BATCH) / HTTP_SECONDS;
		say(
			'http',
			`${round(result.requests.average)} pushes/s of ${HTTP_BATCH} = ${round(mutationsPerS)} mutations/s; ` +
				`latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms; non-2xx ${result.non2xx}, errors ${result.errors}`
		);
		return { result, mutationsPerS, rejected };
	} finally {
		await server.close();
	}
}

runMain(async () => {
	const inProcess = await measureInProcess();
	const http = await measureHttp();
	const big = inProcess[1000]!;
	finish(
		'push',
		{
			apply_1000_p50_ms: round(big.push.p50),
			apply_1000_p99_ms: round(big.push.p99),
			overhead_ratio: big.ratio,
			mutations_per_s: Math.round(http.mutationsPerS),
			http_non2xx: http.result.non2xx,
			http_errors: http.result.errors
		},
		{
			inProcess,
			http: {
				connections: HTTP_CONNECTIONS,
				seconds: HTTP_SECONDS,
				batch: HTTP_BATCH,
				pushesPerS: http.result.requests.average,
				latency: http.result.latency,
				statusCodes: http.result.statusCodeStats,
				pushesWithRejections: http.rejected
			}
		}
	);
});
