/**
 * `reorder`, the predecessor's scenario: one user drags one feed to a new place in a folder of 500. (a) The
 * fan-out it replaces: one PATCH /api/subscriptions/:id per feed of the destination list, all in parallel,
 * while autocannon keeps authenticated GETs going (none may get a 401). (b) Tidings: one push of one
 * subscription.update. Rounds alternate a and b against the same server process.
 */
import { keyBetween, keysBetween } from '#shared/order-keys';
import { call } from '../tests/support/http';
import { createAdmin } from './support/accounts';
import { runLoad, statusCount, type LoadResult } from './support/autocannon';
import { feedUrls } from './support/feed-urls';
import { finish, runMain, say } from './support/report';
import { startBenchServer } from './support/server-process';
import { median, round, summarize } from './support/stats';
import { BenchClient, seedFolder } from './support/sync-client';

const FEEDS = 500;
const ROUNDS = 7;

interface FanoutRound {
	ms: number;
	statuses: Record<number, number>;
	reads: LoadResult;
}

function count(statuses: Record<number, number>, test: (status: number) => boolean): number {
	return Object.entries(statuses).reduce((sum, [status, n]) => sum + (test(Number(status)) ? n : 0), 0);
}

function readsCount(reads: LoadResult, test: (status: number) => boolean): number {
	return Object.entries(reads.statusCodeStats).reduce((sum, [s, v]) => sum + (test(Number(s)) ? v.count : 0), 0);
}

/** Every subscription of the folder gets its new key in its own request, all at once, as the old app did. */
async function fanout(
	url: string,
	token: string,
	ids: string[],
	folderId: string,
	keys: string[]
): Promise<FanoutRound> {
	const statuses: Record<number, number> = {};
	let done!: () => void;
	const finished = new Promise<void>((resolve) => (done = resolve));
	const reads = runLoad({
		url: `${url}/api/auth/me`,
		connections: 4,
		duration: 600,
		headers: { authorization: `Bearer ${token}` },
		until: finished
	});
	const start = performance.now();
	const responses = await Promise.all(
		ids.map((id, i) => call(url, 'PATCH', `/api/subscriptions/${id}`, { token, body: { folderId, orderKey: keys[i] } }))
	);
	const ms = performance.now() - start;
	done();
	for (const res of responses) statuses[res.status] = (statuses[res.status] ?? 0) + 1;
	return { ms, statuses, reads: await reads };
}

runMain(async () => {
	const server = await startBenchServer();
	try {
		const admin = await createAdmin(server.url);
		const client = new BenchClient(server.url, admin.token);
		const folder = await seedFolder(client, feedUrls(FEEDS));
		// Two full key assignments to alternate between, so every PATCH of every round really changes its row.
		const keySets = [keysBetween(null, null, FEEDS), keysBetween('a0', null, FEEDS)];
		const fanouts: FanoutRound[] = [];
		const batches: number[] = [];
		for (let r = 0; r < ROUNDS; r += 1) {
			const fan = await fanout(server.url, admin.token, folder.subscriptionIds, folder.folderId, keySets[r % 2]!);
			fanouts.push(fan);
			// The moved feed lands between two neighbours of the current order: one key, one row.
			const keys = keySets[r % 2]!;
			const moved = folder.subscriptionIds[r]!;
			const orderKey = keyBetween(keys[250 + r]!, keys[251 + r]!);
			const start = performance.now();
			await client.push([
				{ name: 'subscription.update', args: { subscriptionId: moved, folderId: folder.folderId, orderKey } }
			]);
			batches.push(performance.now() - start);
			say(
				`round ${r + 1}`,
				`fan-out ${round(fan.ms)} ms ${JSON.stringify(fan.statuses)}, reads ${JSON.stringify(
					fan.reads.statusCodeStats
				)}; batch ${round(batches.at(-1)!)} ms`
			);
		}
		const stats = await server.stats();
		const fanout401 = fanouts.reduce(
			(sum, f) => sum + count(f.statuses, (s) => s === 401) + statusCount(f.reads, 401),
			0
		);
		const fanout5xx = fanouts.reduce(
			(sum, f) => sum + count(f.statuses, (s) => s >= 500) + readsCount(f.reads, (s) => s >= 500),
			0
		);
		const fanoutMs = median(fanouts.map((f) => f.ms));
		const batchMs = median(batches);
		finish(
			'reorder',
			{
				requests_ratio: FEEDS / 1,
				time_ratio: round(fanoutMs / batchMs, 1),
				fanout_401: fanout401,
				fanout_5xx: fanout5xx,
				batch_ms: round(batchMs),
				fanout_ms: round(fanoutMs)
			},
			{
				feeds: FEEDS,
				rounds: ROUNDS,
				fanoutMs: summarize(fanouts.map((f) => f.ms)),
				batchMs: summarize(batches),
				fanoutStatuses: fanouts.map((f) => f.statuses),
				readsDuringFanout: fanouts.map((f) => ({ total: f.reads.requests.total, statuses: f.reads.statusCodeStats })),
				serverSqliteBusyLogLines: stats.sqliteBusyLogLines
			}
		);
	} finally {
		await server.close();
	}
});
