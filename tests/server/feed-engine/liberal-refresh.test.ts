import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getFeed } from '../../../server/feeds/feeds-repo';
import { rss, startEngineWorld, subscribe, type EngineWorld } from './engine-support';

const DAY = 24 * 3_600_000;

interface Row {
	guid: string;
	title: string;
	published_at: number;
}

const stored = (world: EngineWorld, feedId: number) =>
	world.server.store.all<Row>('SELECT guid, title, published_at FROM entries WHERE feed_id = ? ORDER BY guid', [
		feedId
	]);

describe('refreshing feeds the parser reads liberally', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
	});
	afterEach(() => world.close());

	it('an empty Atom feed subscribes without an error and shows no entries', async () => {
		world.feeds.setFeed('/empty.atom', '<feed xmlns="http://www.w3.org/2005/Atom"/>', 'application/atom+xml');
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/empty.atom`);
		const result = await world.engine.refreshNow(feedId);
		expect(result.error).toBeNull();
		expect(await getFeed(world.server.store, feedId)).toMatchObject({ last_error: null, consecutive_errors: 0 });
		expect(await stored(world, feedId)).toEqual([]);
	});

	it('an entry without a readable date keeps the time it was first seen, through refreshes that change it', async () => {
		const publish = (items: Parameters<typeof rss>[2]) =>
			world.feeds.setFeed('/undated.xml', rss(world.feeds.url, 'Undated', items), 'application/rss+xml');
		publish([{ guid: 'u1', title: 'First version' }]);
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/undated.xml`);
		await world.engine.refreshNow(feedId);
		const firstSeen = world.clock.now;
		expect(await stored(world, feedId)).toEqual([{ guid: 'u1', title: 'First version', published_at: firstSeen }]);

		world.clock.now += DAY;
		publish([
			{ guid: 'u1', title: 'Second version' },
			{ guid: 'u2', title: 'Newcomer' }
		]);
		expect(await world.engine.refreshNow(feedId)).toMatchObject({ status: 'updated', added: 1, updated: 1 });

		world.clock.now += DAY;
		publish([
			{ guid: 'u1', title: 'Third version' },
			{ guid: 'u2', title: 'Newcomer' }
		]);
		expect(await world.engine.refreshNow(feedId)).toMatchObject({ status: 'updated', added: 0, updated: 1 });
		expect(await stored(world, feedId)).toEqual([
			{ guid: 'u1', title: 'Third version', published_at: firstSeen },
			{ guid: 'u2', title: 'Newcomer', published_at: firstSeen + DAY }
		]);
	});

	it('an entry dated in a localized layout is stored with its date, not the fetch time', async () => {
		const feed = rss(world.feeds.url, 'Localized', [{ guid: 'l1', title: 'Italiano' }]).replace(
			'</item>',
			'<pubDate>6 settembre 2021 16:45:00 GMT</pubDate></item>'
		);
		world.feeds.setFeed('/localized.xml', feed, 'application/rss+xml');
		const { feedId } = await subscribe(world, world.token, `${world.feeds.url}/localized.xml`);
		await world.engine.refreshNow(feedId);
		expect((await stored(world, feedId))[0]!.published_at).toBe(Date.UTC(2021, 8, 6, 16, 45));
	});
});
