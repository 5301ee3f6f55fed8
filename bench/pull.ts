/**
 * `pull`: the initial sync of a user with 500 subscriptions and 20,000 entries of 2 KB content (every page,
 * from no cookie to hasMore=false): the server's own time per page summed (the request log's responseTime from the
 * server's log), bytes (JSON and gzip on the wire) and pages; then an incremental pull after 100 changes.
 * Each figure is the median of several repetitions with fresh devices.
 */
import { PROTOCOL_VERSION, type PullResponse } from '#shared/sync';
import { startTestServer } from '../tests/support/test-server';
import { subscribedEntryIds } from './support/floor-repo';
import { MutationMix } from './support/mutation-mix';
import { postJson } from './support/raw-http';
import { finish, runMain, say } from './support/report';
import { HEAVY_READER, seedReader } from './support/seed-reader';
import { serverTimes } from './support/server-log';
import { median, round, summarize } from './support/stats';
import { BenchClient } from './support/sync-client';

const { feeds: FEEDS, entriesPerFeed: ENTRIES_PER_FEED, contentBytes: CONTENT_BYTES } = HEAVY_READER;
const REPEATS = 5;
const CHANGES = 100;
const PULL = '/api/sync/pull';

interface SyncRun {
	pages: number;
	entries: number;
	jsonBytes: number;
	wireBytes: number;
	clientMs: number;
	serverMs: number;
	cookie: string;
}

/** Pulls every page from `cookie`, as a device does; the server's time comes from its log afterwards. */
async function pullAll(url: string, token: string, logFile: string, clientId: string, cookie: string | null) {
	const before = (await serverTimes(logFile, PULL)).length;
	const run = { pages: 0, entries: 0, jsonBytes: 0, wireBytes: 0, clientMs: 0, serverMs: 0, cookie: '' };
	const start = performance.now();
	for (let hasMore = true; hasMore;) {
		const res = await postJson(url, PULL, token, { protocolVersion: PROTOCOL_VERSION, clientId, cookie });
		if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.body.slice(0, 200)}`);
		const page = JSON.parse(res.body) as PullResponse;
		run.pages += 1;
		run.entries += page.entries.length;
		run.jsonBytes += res.bodyBytes;
		run.wireBytes += res.wireBytes;
		cookie = run.cookie = page.cookie;
		hasMore = page.hasMore;
	}
	run.clientMs = performance.now() - start;
	const times = (await serverTimes(logFile, PULL)).slice(before);
	run.serverMs = times.reduce((sum, t) => sum + t, 0);
	return run as SyncRun;
}

runMain(async () => {
	const server = await startTestServer({ env: { LOG_LEVEL: 'info' } });
	try {
		const { admin, seeder, folder, seedMs } = await seedReader(server, HEAVY_READER);
		say('seeded', `${FEEDS * ENTRIES_PER_FEED} entries in ${round(seedMs / 1000)} s`);

		const initial: SyncRun[] = [];
		for (let i = 0; i < REPEATS; i += 1) {
			const device = new BenchClient(server.url, admin.token);
			const run = await pullAll(server.url, admin.token, server.logFile, device.clientId, null);
			if (run.entries !== FEEDS * ENTRIES_PER_FEED) throw new Error(`initial pull gave ${run.entries} entries`);
			initial.push(run);
			say(
				`initial ${i + 1}`,
				`server ${round(run.serverMs)} ms, client ${round(run.clientMs)} ms, ${run.pages} pages, ` +
					`${round(run.jsonBytes / 2 ** 20)} MB JSON, ${round(run.wireBytes / 2 ** 20)} MB gzip`
			);
		}

		const mix = new MutationMix(folder.subscriptionIds, await subscribedEntryIds(server.store, admin.user.id, 5000));
		const incremental: SyncRun[] = [];
		let cookie = initial.at(-1)!.cookie;
		const device = new BenchClient(server.url, admin.token);
		for (let i = 0; i < REPEATS; i += 1) {
			await seeder.push(mix.next(CHANGES).mutations);
			const run = await pullAll(server.url, admin.token, server.logFile, device.clientId, cookie);
			cookie = run.cookie;
			incremental.push(run);
			say('incremental', `server ${round(run.serverMs)} ms, ${run.pages} pages, ${run.jsonBytes} bytes JSON`);
		}

		const pick = (runs: SyncRun[], key: keyof SyncRun) => median(runs.map((r) => r[key] as number));
		finish(
			'pull',
			{
				initial_ms: round(pick(initial, 'serverMs')),
				initial_mb: round(pick(initial, 'jsonBytes') / 2 ** 20),
				initial_wire_mb: round(pick(initial, 'wireBytes') / 2 ** 20),
				initial_pages: pick(initial, 'pages'),
				incremental_ms: round(pick(incremental, 'serverMs'))
			},
			{
				feeds: FEEDS,
				entries: FEEDS * ENTRIES_PER_FEED,
				contentBytes: CONTENT_BYTES,
				initial: { serverMs: summarize(initial.map((r) => r.serverMs)), runs: initial },
				incremental: { changes: CHANGES, serverMs: summarize(incremental.map((r) => r.serverMs)), runs: incremental }
			}
		);
	} finally {
		await server.close();
	}
});
