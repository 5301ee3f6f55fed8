import { parseOpml } from 'feedsmith';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidOrderKey } from '#shared/order-keys';
import { call } from '../../support/http';
import { value } from '../../support/rows';
import { rss, secondUser, startEngineWorld, type EngineWorld } from '../feed-engine/engine-support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function opmlFile(site: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Tech" title="Tech">
    <outline type="rss" text="A" xmlUrl="${site}/a.xml"/>
    <outline text="Deeper">
      <outline type="rss" text="B" xmlUrl="${site}/b.xml"/>
    </outline>
  </outline>
  <outline type="rss" text="C" xmlUrl="${site}/c.xml"/>
  <outline type="rss" text="C again" xmlUrl="${site}/c.xml"/>
  <outline type="rss" text="${site}/d.xml" xmlUrl="${site}/d.xml"/>
  <outline type="rss" text="FTP" xmlUrl="ftp://files.test/feed"/>
  <outline type="rss" text="Broken" xmlUrl="not a url"/>
</body></opml>`;
}

interface Outline {
	text: string;
	xmlUrl?: string;
	outlines?: Outline[];
}

describe('OPML import and export', () => {
	let world: EngineWorld;
	beforeEach(async () => {
		world = await startEngineWorld();
		for (const name of ['a', 'b', 'c', 'd']) {
			world.feeds.setFeed(
				`/${name}.xml`,
				rss(world.feeds.url, `Feed ${name.toUpperCase()}`, [{ guid: '1', title: 'one' }])
			);
		}
	});
	afterEach(() => world.close());

	const importAs = (token: string, xml: string) =>
		call(world.server.url, 'POST', '/api/opml', { token, rawBody: xml, headers: { 'Content-Type': 'text/x-opml' } });

	it('imports nested outlines as one level of folders, skips duplicates, reports failures', async () => {
		const res = await importAs(world.token, opmlFile(world.feeds.url));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ added: 4, skipped: 1, failed: 2 });
		expect(res.body.failures.map((f: { url: string }) => f.url)).toEqual(['ftp://files.test/feed', 'not a url']);

		const db = world.server.store;
		const folders = await db.all<{ id: string; name: string; order_key: string; version: number }>(
			'SELECT id, name, order_key, version FROM folders'
		);
		expect(folders.map((f) => f.name)).toEqual(['Tech']);
		expect(folders[0]!.id).toMatch(UUID);
		expect(isValidOrderKey(folders[0]!.order_key)).toBe(true);
		const subs = await db.all<{
			id: string;
			folder_id: string | null;
			order_key: string;
			version: number;
			title: string | null;
			url: string;
		}>(
			'SELECT s.id, s.folder_id, s.order_key, s.version, s.title, f.url FROM subscriptions s JOIN feeds f ON f.id = s.feed_id ORDER BY f.url'
		);
		// The names the file gave are kept; one that is only the address is not a name.
		expect(subs.map((s) => [s.url.split('/').pop(), s.folder_id, s.title])).toEqual([
			['a.xml', folders[0]!.id, 'A'],
			['b.xml', folders[0]!.id, 'B'],
			['c.xml', null, 'C'],
			['d.xml', null, null]
		]);
		for (const s of subs) {
			expect(s.id).toMatch(UUID);
			expect(isValidOrderKey(s.order_key)).toBe(true);
			expect(s.version).toBeGreaterThan(0);
		}

		// The import queued the first fetch of each new feed.
		for (const s of subs) {
			const feedId = (await value(db, 'SELECT id FROM feeds WHERE url = ?', [s.url]))!;
			await world.engine.refreshNow(feedId);
		}
		expect(await value(db, 'SELECT count(*) FROM entries')).toBe(4);

		// A device pulls what the import wrote.
		const pull = await call(world.server.url, 'POST', '/api/sync/pull', {
			token: world.token,
			body: { protocolVersion: 1, clientId: 'opml-device', cookie: null }
		});
		expect(pull.body.folders.map((f: { name: string }) => f.name)).toEqual(['Tech']);
		expect(pull.body.subscriptions).toHaveLength(4);

		const again = await importAs(world.token, opmlFile(world.feeds.url));
		expect(again.body).toMatchObject({ added: 0, skipped: 5, failed: 2 });
		expect(await value(db, 'SELECT count(*) FROM folders')).toBe(1);
	});

	it('exports folders and feeds in order, and the export imports into another account as it was', async () => {
		await importAs(world.token, opmlFile(world.feeds.url));
		const res = await call(world.server.url, 'GET', '/api/opml', { token: world.token });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/opml|xml/);
		const outlines = (parseOpml(res.body as string) as { body: { outlines: Outline[] } }).body.outlines;
		const shape = outlines.map((o) =>
			o.outlines ? [o.text, o.outlines.map((c) => c.xmlUrl!.split('/').pop())] : o.xmlUrl!.split('/').pop()
		);
		expect(shape).toEqual([['Tech', ['a.xml', 'b.xml']], 'c.xml', 'd.xml']);

		const bob = await secondUser(world);
		const imported = await importAs(bob, res.body as string);
		expect(imported.body).toMatchObject({ added: 4, skipped: 0, failed: 0 });
		const bobExport = await call(world.server.url, 'GET', '/api/opml', { token: bob });
		const bobOutlines = (parseOpml(bobExport.body as string) as { body: { outlines: Outline[] } }).body.outlines;
		const urls = (list: Outline[]): unknown[] => list.map((o) => o.xmlUrl ?? [o.text, urls(o.outlines ?? [])]);
		expect(urls(bobOutlines)).toEqual(urls(outlines));
		// Still one feed row per URL, shared.
		expect(await value(world.server.store, 'SELECT count(*) FROM feeds')).toBe(4);
	});

	it('refuses what is not OPML with 400 and changes nothing; needs a session', async () => {
		const res = await importAs(world.token, '<html><body>nope</body></html>');
		expect(res.status).toBe(400);
		expect(res.body.error.code).toBe('invalid_request');
		expect(await value(world.server.store, 'SELECT count(*) FROM subscriptions')).toBe(0);
		expect((await call(world.server.url, 'GET', '/api/opml')).status).toBe(401);
		const json = await call(world.server.url, 'POST', '/api/opml', {
			token: world.token,
			body: { opml: opmlFile(world.feeds.url) }
		});
		expect(json.body.added).toBe(4);
	});
});
