import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/open';
import type { Store } from '../../../server/db/sql';
import { SqliteStore } from '../../../server/db/sqlite-store';
import { claimDueFeeds, claimFeed, FEED_LEASE_MS } from '../../../server/feeds/feed-leases-repo';

const NOW = Date.UTC(2026, 0, 15);

/** A user subscribed to `due` feeds due now and one due later, plus a due feed nobody subscribes to. */
async function seed(store: Store, due: number): Promise<number[]> {
	await store.run(`INSERT INTO users (username, username_key, password_hash, created_at) VALUES ('u', 'u', 'x', 0)`);
	const user = (await store.get<{ id: number }>('SELECT id FROM users'))!.id;
	const ids: number[] = [];
	for (let i = 0; i <= due + 1; i++) {
		const feed = (await store.get<{ id: number }>(
			'INSERT INTO feeds (url, next_fetch_at, created_at) VALUES (?, ?, 0) RETURNING id',
			[`https://f.example/${i}`, i === due ? NOW + 2 * FEED_LEASE_MS : NOW - i]
		))!.id;
		if (i <= due) {
			await store.run(
				`INSERT INTO subscriptions (id, user_id, feed_id, order_key, created_at, version, entries_since_version)
				 VALUES (?, ?, ?, 'a0', 0, 1, 1)`,
				[`s${i}`, user, feed]
			);
		}
		if (i < due) ids.push(feed);
	}
	return ids;
}

interface Backend {
	name: string;
	/** Two stores on one database, as two processes would have. */
	open(): Promise<[Store, Store]>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

const sqlite: Backend = {
	name: 'sqlite',
	async open() {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-leases-'));
		const file = path.join(dir, 'db.sqlite');
		const a = new SqliteStore(openDatabase(file, { busyTimeoutMs: 5000 }));
		const b = new SqliteStore(openDatabase(file, { busyTimeoutMs: 5000 }));
		cleanups.push(async () => {
			await a.close();
			await b.close();
			fs.rmSync(dir, { recursive: true, force: true });
		});
		return [a, b];
	}
};

describe.each([sqlite])('feed refresh leases ($name)', (backend) => {
	it('claims each due, subscribed feed once until its lease runs out', async () => {
		const [store] = await backend.open();
		const due = await seed(store, 3);
		const first = await claimDueFeeds(store, NOW, 10);
		expect(first.map((f) => f.id).sort()).toEqual([...due].sort());
		expect(await claimDueFeeds(store, NOW + FEED_LEASE_MS - 1, 10)).toEqual([]);
		// The claimant never reported back (it died): the lease ends and the feeds are due again.
		const retaken = await claimDueFeeds(store, NOW + FEED_LEASE_MS, 10);
		expect(retaken.map((f) => f.id).sort()).toEqual([...due].sort());
	});

	it('claims the soonest due first, at most `limit`', async () => {
		const [store] = await backend.open();
		const due = await seed(store, 3);
		// Feed i is due at NOW - i: the last one is the most overdue.
		expect((await claimDueFeeds(store, NOW, 1)).map((f) => f.id)).toEqual([due[2]]);
	});

	it('two processes claiming at once share the due feeds without overlap', async () => {
		const [a, b] = await backend.open();
		const due = await seed(a, 40);
		const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claimDueFeeds(i % 2 ? b : a, NOW, 5)));
		const claimed = claims.flat().map((f) => f.id);
		expect(claimed.sort()).toEqual([...due].sort());
	});

	it('a requested refresh claims the feed whatever its schedule, and the scheduler then leaves it', async () => {
		const [store] = await backend.open();
		const feed = (await seed(store, 1))[0]!;
		expect(await claimFeed(store, feed, NOW)).toMatchObject({ id: feed });
		expect(await claimDueFeeds(store, NOW, 10)).toEqual([]);
		expect(await claimFeed(store, 999_999, NOW)).toBeUndefined();
	});
});
