/**
 * `refresh`: the real feed engine fetches 1,000 feeds (mixed sizes, some slow, some failing) from local feed
 * servers in another process: a first pass, then a conditional second pass (304s). Measures wall time, feeds/s,
 * the peak RSS of the server process (the engine runs in it, beside the API), and, while refreshing, the
 * event-loop delay (p99) and the latency of an authenticated API request made every 50 ms.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { FeedEngine } from '../server/feeds/engine/feed-engine';
import type { RefreshResult } from '../server/feeds/refresh/refresh-feed';
import { call } from '../tests/support/http';
import { startTestServer } from '../tests/support/test-server';
import { createAdmin } from './support/accounts';
import { startChild } from './support/child';
import { subscribedFeedIds } from './support/floor-repo';
import { finish, runMain, say } from './support/report';
import { percentile, round } from './support/stats';
import { BenchClient, seedFolder } from './support/sync-client';

const FEEDS = 1000;
const PROBE_EVERY_MS = 50;

interface Pass {
	seconds: number;
	feedsPerS: number;
	lagP99Ms: number;
	lagMaxMs: number;
	apiP50Ms: number;
	apiP99Ms: number;
	statuses: Record<string, number>;
	added: number;
}

/** Calls GET /api/auth/me every 50 ms until stopped: what a user of the API feels while the engine works. */
function probeApi(url: string, token: string) {
	const latencies: number[] = [];
	let running = true;
	const done = (async () => {
		while (running) {
			const start = performance.now();
			const res = await call(url, 'GET', '/api/auth/me', { token });
			if (res.status !== 200) throw new Error(`API probe got ${res.status}`);
			latencies.push(performance.now() - start);
			await sleep(PROBE_EVERY_MS);
		}
	})();
	return async () => {
		running = false;
		await done;
		return latencies;
	};
}

async function refreshPass(engine: FeedEngine, feedIds: number[], url: string, token: string): Promise<Pass> {
	const lag = monitorEventLoopDelay({ resolution: 10 });
	lag.enable();
	const stopProbe = probeApi(url, token);
	const start = performance.now();
	const results: RefreshResult[] = await Promise.all(feedIds.map((id) => engine.refreshNow(id)));
	const seconds = (performance.now() - start) / 1000;
	lag.disable();
	const api = await stopProbe();
	const statuses: Record<string, number> = {};
	for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
	return {
		seconds: round(seconds),
		feedsPerS: round(feedIds.length / seconds),
		// The histogram counts delay beyond its 10 ms sampling interval, in nanoseconds.
		lagP99Ms: round(lag.percentile(99) / 1e6),
		lagMaxMs: round(lag.max / 1e6),
		apiP50Ms: round(percentile(api, 0.5)),
		apiP99Ms: round(percentile(api, 0.99)),
		statuses,
		added: results.reduce((sum, r) => sum + r.added, 0)
	};
}

runMain(async () => {
	const farm = await startChild(path.join(import.meta.dirname, 'support', 'feed-farm-main.ts'), {
		BENCH_FEEDS: String(FEEDS)
	});
	const feeds = farm.ready.feeds as { url: string; kind: string }[];
	// The feeds are on 127.0.0.1, which the engine refuses unless private addresses are allowed.
	const server = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'warn' } });
	const { store, logger, bus, config } = server.deps;
	const engine = new FeedEngine({ store, logger, bus, config });
	try {
		const admin = await createAdmin(server.url);
		await seedFolder(
			new BenchClient(server.url, admin.token),
			feeds.map((f) => f.url)
		);
		const feedIds = await subscribedFeedIds(server.store, admin.user.id);
		const first = await refreshPass(engine, feedIds, server.url, admin.token);
		say('first pass', first);
		const conditional = await refreshPass(engine, feedIds, server.url, admin.token);
		say('conditional pass', conditional);
		const rssMb = round(process.resourceUsage().maxRSS / 1024);
		say('peak RSS', `${rssMb} MB`);
		const kinds: Record<string, number> = {};
		for (const f of feeds) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
		finish(
			'refresh',
			{
				first_s: first.seconds,
				conditional_s: conditional.seconds,
				rss_mb: rssMb,
				lag_p99_ms: Math.max(first.lagP99Ms, conditional.lagP99Ms),
				api_p99_ms: Math.max(first.apiP99Ms, conditional.apiP99Ms)
			},
			{ feeds: FEEDS, kinds, first, conditional }
		);
	} finally {
		await engine.stop();
		await server.close();
		await farm.close();
	}
});
