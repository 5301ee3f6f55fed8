import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedEngine } from '../../../server/feeds/engine/feed-engine';
import type { RefreshResult } from '../../../server/feeds/refresh/refresh-feed';
import { setupAdmin } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';
import { ManualTimers, subscribe } from './engine-support';

/**
 * A refresh that waits until the test lets it finish, recording how many run at once, overall and per host (each
 * feed's host from `hosts`, by feed id).
 */
function gatedRefresh(hosts: Map<number, string>) {
	const running = new Map<number, () => void>();
	const perHostNow = new Map<string, number>();
	const stats = { max: 0, maxPerHost: 0, done: [] as number[] };
	const refresh = (feedId: number) =>
		new Promise<RefreshResult>((resolve) => {
			const host = hosts.get(feedId)!;
			perHostNow.set(host, (perHostNow.get(host) ?? 0) + 1);
			stats.maxPerHost = Math.max(stats.maxPerHost, perHostNow.get(host)!);
			running.set(feedId, () => {
				running.delete(feedId);
				perHostNow.set(host, perHostNow.get(host)! - 1);
				stats.done.push(feedId);
				resolve({ feedId, status: 'unchanged', added: 0, updated: 0, httpStatus: 200, error: null, nextFetchAt: 0 });
			});
			stats.max = Math.max(stats.max, running.size);
		});
	/** Finishes every refresh running now; the engine then starts the next ones. */
	const releaseAll = async () => {
		for (const finish of [...running.values()]) finish();
		await new Promise((resolve) => setImmediate(resolve));
	};
	return { refresh, running, stats, releaseAll };
}

describe('feed engine scheduling', () => {
	let server: TestServer;
	let token: string;
	const hosts = new Map<number, string>();
	beforeEach(async () => {
		hosts.clear();
		server = await startTestServer();
		token = (await setupAdmin(server)).token;
	});
	afterEach(() => server.close());

	async function subscribeTo(url: string) {
		const { feedId } = await subscribe({ server }, token, url);
		hosts.set(feedId, new URL(url).host);
		return feedId;
	}

	async function subscribeMany(hostCount: number, perHost: number) {
		for (let h = 0; h < hostCount; h++) {
			for (let i = 0; i < perHost; i++) await subscribeTo(`http://host-${h}.test/feed-${i}.xml`);
		}
	}

	it('never runs more than the global limit, nor more than the per-host limit on one host', async () => {
		await subscribeMany(5, 4);
		const gate = gatedRefresh(hosts);
		const engine = new FeedEngine({ ...server.deps, concurrency: 4, perHost: 2, refresh: gate.refresh });
		const all = engine.runDue();
		await expect.poll(() => gate.running.size).toBe(4);
		while (gate.stats.done.length < 20) await gate.releaseAll();
		expect(await all).toHaveLength(20);
		expect(gate.stats.max).toBe(4);
		expect(gate.stats.maxPerHost).toBe(2);
		expect(new Set(gate.stats.done).size).toBe(20);
	});

	it('lets one host use only its share while others wait in the queue', async () => {
		await subscribeMany(1, 6);
		const gate = gatedRefresh(hosts);
		const engine = new FeedEngine({ ...server.deps, concurrency: 8, perHost: 2, refresh: gate.refresh });
		const all = engine.runDue();
		await expect.poll(() => gate.running.size).toBe(2);
		while (gate.stats.done.length < 6) await gate.releaseAll();
		await all;
		expect(gate.stats.maxPerHost).toBe(2);
	});

	it('joins a refresh already queued or running instead of fetching twice', async () => {
		const feedId = await subscribeTo('http://host-x.test/feed.xml');
		const gate = gatedRefresh(hosts);
		const engine = new FeedEngine({ ...server.deps, refresh: gate.refresh });
		const first = engine.refreshNow(feedId);
		const second = engine.refreshNow(feedId);
		engine.requestRefresh(feedId);
		expect(second).toBe(first);
		while (gate.stats.done.length < 1) await gate.releaseAll();
		await first;
		expect(gate.stats.done).toEqual([feedId]);
	});

	it('the scheduler fetches due feeds when its timer fires, and stop waits for fetches in flight', async () => {
		await subscribeMany(1, 1);
		const gate = gatedRefresh(hosts);
		const timers = new ManualTimers();
		const engine = new FeedEngine({ ...server.deps, timers, refresh: gate.refresh });
		engine.start();
		expect(gate.running.size).toBe(0);
		await timers.fire(0);
		expect(gate.running.size).toBe(1);

		let stopped = false;
		const stopping = engine.stop().then(() => (stopped = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(stopped).toBe(false);
		expect(timers.pending.size).toBe(0);
		await gate.releaseAll();
		await stopping;
		expect(stopped).toBe(true);
		await expect(engine.refreshNow(1)).rejects.toThrow(/stopping/);
	});
});
