import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedEngine, type Timers } from '../../../server/feeds/engine/feed-engine';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

const DAY = 24 * 60 * 60 * 1000;

/** Timers the test fires by hand; only the daily job's timer matters here. */
class HeldTimers implements Timers {
	readonly pending = new Map<number, { fn: () => Promise<void> | void; ms: number }>();
	#next = 1;
	setTimeout(fn: () => Promise<void> | void, ms: number) {
		this.pending.set(this.#next, { fn, ms });
		return this.#next++;
	}
	clearTimeout(handle: unknown) {
		this.pending.delete(handle as number);
	}
	fireLongest() {
		const [id, timer] = [...this.pending].sort((a, b) => b[1].ms - a[1].ms)[0]!;
		this.pending.delete(id);
		void timer.fn();
	}
}

describe('the daily job', () => {
	let server: TestServer;
	let clock = Date.UTC(2026, 0, 1);
	beforeEach(async () => {
		server = await startTestServer({ now: () => clock });
	});
	afterEach(() => server.close());

	it('prunes old folder tombstones and raises the horizon, so an older cookie gets a reset', async () => {
		const { token } = await setupAdmin(server);
		const clientId = `client-${randomUUID()}`;
		const pull = (cookie: string | null) =>
			call(server.url, 'POST', '/api/sync/pull', { token, body: { protocolVersion: 1, clientId, cookie } });
		const folderId = randomUUID();
		const push = (mutations: unknown[]) =>
			call(server.url, 'POST', '/api/sync/push', { token, body: { protocolVersion: 1, clientId, mutations } });
		await push([{ id: 1, name: 'folder.create', args: { folderId, name: 'Old', orderKey: 'a0' } }]);
		// The device now has the folder; only a tombstone could tell it the folder went.
		const first = await pull(null);
		expect(first.body.folders.map((f: { id: string }) => f.id)).toEqual([folderId]);
		const deletion = await push([{ id: 2, name: 'folder.delete', args: { folderId } }]);
		expect(deletion.body.results[0].status).toBe('applied');
		expect(await server.store.get('SELECT count(*) AS n FROM tombstones')).toEqual({ n: 1 });

		clock += 91 * DAY;
		const timers = new HeldTimers();
		const engine = new FeedEngine({ ...server.deps, timers, now: () => clock });
		engine.start();
		timers.fireLongest();
		await expect.poll(() => server.store.get('SELECT count(*) AS n FROM tombstones')).toEqual({ n: 0 });
		await engine.stop();

		const stale = await pull(first.body.cookie);
		expect(stale.status).toBe(200);
		expect(stale.body.reset).toBe(true);
	});
});
