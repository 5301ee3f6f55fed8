import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateServerSettings } from '../../../server/admin/settings-repo';
import { runRetention } from '../../../server/entries/retention';
import { call } from '../../support/http';
import {
	pushMutation,
	rss,
	secondUser,
	startEngineWorld,
	subscribe,
	type EngineWorld,
	type TestItem
} from '../feed-engine/engine-support';

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
	let world: EngineWorld;
	let feedId: number;
	let items: TestItem[];
	beforeEach(async () => {
		world = await startEngineWorld();
		// 60 entries, one a day: e01 is the oldest.
		items = Array.from({ length: 60 }, (_, i) => ({
			guid: `e${String(i + 1).padStart(2, '0')}`,
			title: `Entry ${i + 1}`,
			date: world.clock.now - (60 - i) * DAY
		}));
		world.feeds.setFeed('/daily.xml', rss(world.feeds.url, 'Daily', items));
		feedId = (await subscribe(world, world.token, `${world.feeds.url}/daily.xml`)).feedId;
		await world.engine.refreshNow(feedId);
	});
	afterEach(() => world.close());

	const idOf = async (guid: string) =>
		(await world.server.store.get<{ id: number }>('SELECT id FROM entries WHERE feed_id = ? AND guid = ?', [
			feedId,
			guid
		]))!.id;
	const guids = async () =>
		(
			await world.server.store.all<{ guid: string }>('SELECT guid FROM entries WHERE feed_id = ? ORDER BY guid', [
				feedId
			])
		).map((row) => row.guid);

	async function readAllBut(token: string, unread: string[]) {
		const ids = await Promise.all(items.filter((i) => !unread.includes(i.guid)).map((i) => idOf(i.guid)));
		await pushMutation(world, token, 'entry.setRead', { entryIds: ids, read: true });
	}

	it('deletes old read entries but keeps starred, unread and the newest 50, and leaves tombstones', async () => {
		await readAllBut(world.token, ['e05']);
		await pushMutation(world, world.token, 'entry.setStarred', { entryId: await idOf('e03'), starred: true });
		const now = world.clock.now + 100 * DAY;

		const report = await runRetention(world.server.store, now);
		const deleted = ['e01', 'e02', 'e04', 'e06', 'e07', 'e08', 'e09', 'e10'];
		expect(report.deleted).toBe(deleted.length);
		const left = await guids();
		expect(left).toHaveLength(52);
		expect(left).toContain('e03');
		expect(left).toContain('e05');
		for (const guid of deleted) expect(left).not.toContain(guid);

		const tombstones = await world.server.store.all<{ guid: string; version: number }>(
			'SELECT guid, version FROM entry_tombstones WHERE feed_id = ? ORDER BY guid',
			[feedId]
		);
		expect(tombstones.map((t) => t.guid)).toEqual(deleted);
		expect(tombstones.every((t) => t.version > 0)).toBe(true);
		const search = await call(world.server.url, 'GET', '/api/search?q=Entry', { token: world.token });
		expect(search.body.results.length).toBeLessThanOrEqual(52);

		// The feed still lists the deleted entries (plus a new one): they do not come back.
		world.clock.now = now;
		world.feeds.setFeed(
			'/daily.xml',
			rss(world.feeds.url, 'Daily', [...items, { guid: 'e61', title: 'New', date: now }])
		);
		const result = await world.engine.refreshNow(feedId);
		expect(result.added).toBe(1);
		expect(await guids()).toHaveLength(53);
		expect(await guids()).not.toContain('e01');
	});

	it('keeps what another subscriber has not read, and honours the retentionDays setting', async () => {
		await readAllBut(world.token, []);
		const bob = await secondUser(world);
		await subscribe(world, bob, `${world.feeds.url}/daily.xml`);
		expect((await runRetention(world.server.store, world.clock.now + 100 * DAY)).deleted).toBe(0);

		await readAllBut(bob, []);
		await updateServerSettings(world.server.store, { retentionDays: 365 });
		expect((await runRetention(world.server.store, world.clock.now + 100 * DAY)).deleted).toBe(0);
		await updateServerSettings(world.server.store, { retentionDays: 30 });
		expect((await runRetention(world.server.store, world.clock.now + 100 * DAY)).deleted).toBe(10);
	});

	it('pulls delete the removed entries on devices', async () => {
		await readAllBut(world.token, []);
		const pull = (cookie: string | null) =>
			call(world.server.url, 'POST', '/api/sync/pull', {
				token: world.token,
				body: { protocolVersion: 1, clientId: 'retention-device', cookie, limit: 5000 }
			});
		let cookie: string | null = null;
		for (let more = true; more;) {
			const res = await pull(cookie);
			cookie = res.body.cookie;
			more = res.body.hasMore;
		}
		const oldest = await idOf('e01');
		await runRetention(world.server.store, world.clock.now + 100 * DAY);
		const res = await pull(cookie);
		expect(res.body.deleted.entries).toContain(oldest);
		expect(res.body.deleted.entries).toHaveLength(10);
	});
});
