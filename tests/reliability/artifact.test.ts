import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema } from '#shared/sync';
import { call } from '../support/http';
import { startFeedServer, type FeedServer } from '../support/feed-server';
import { makeDataDir } from '../support/test-server';
import { freePort, RestartableServer } from './support/restartable-server';

/** WAL header bytes 12–15: the checkpoint sequence number, which grows each time a writer starts the WAL over. */
function walRestarts(walFile: string): number {
	const header = Buffer.alloc(32);
	const fd = fs.openSync(walFile, 'r');
	try {
		fs.readSync(fd, header, 0, 32, 0);
	} finally {
		fs.closeSync(fd);
	}
	return header.readUInt32BE(12);
}

/** An RSS feed well over the parse pool's 8 KiB threshold, so it is parsed on a worker thread. */
function largeFeed(items: number): string {
	const body = 'A paragraph long enough to make the document large. '.repeat(10);
	const entries = Array.from(
		{ length: items },
		(_, i) =>
			`<item><title>Item ${i}</title><link>https://example.org/${i}</link><guid>item-${i}</guid><description>${body}</description></item>`
	);
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Large</title><link>https://example.org/</link>${entries.join('')}</channel></rss>`;
}

/**
 * The crash and fault suites run dist/, the artifact production runs: its worker threads must be alive in it,
 * not silently missing (a bundle that cannot find its workers runs without the checkpointer and fails to parse
 * any feed over 8 KiB).
 */
describe('the compiled server the crash suites run', () => {
	let server: RestartableServer;
	let feeds: FeedServer;
	let dataDir: string;
	let token: string;

	beforeAll(async () => {
		feeds = await startFeedServer();
		dataDir = makeDataDir();
		server = new RestartableServer({ DATA_DIR: dataDir, ALLOW_PRIVATE_FEEDS: 'true' }, await freePort());
		await server.start();
		const setup = await call(server.url, 'POST', '/api/setup', {
			body: { username: 'admin', password: 'correct horse battery' }
		});
		expect(setup.status).toBe(201);
		token = setup.body.token;
	});

	afterAll(async () => {
		await server.stop();
		await feeds.close();
	});

	it('parses a feed over 8 KiB on a parse worker', async () => {
		const document = largeFeed(40);
		expect(Buffer.byteLength(document)).toBeGreaterThan(8 * 1024);
		feeds.setFeed('/large.rss', document);
		const subscriptionId = randomUUID();
		const pushed = await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'artifact-client',
				mutations: [
					{
						id: 1,
						name: 'subscription.create',
						args: { subscriptionId, url: `${feeds.url}/large.rss`, folderId: null, orderKey: 'a0' }
					}
				]
			}
		});
		expect(pushResponseSchema.parse(pushed.body).results[0]!.status).toBe('applied');
		const refreshed = await call(server.url, 'POST', `/api/subscriptions/${subscriptionId}/refresh`, { token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.feed.lastError).toBeNull();
		const pulled = await call(server.url, 'POST', '/api/sync/pull', {
			token,
			body: { protocolVersion: 1, clientId: 'artifact-client', cookie: null }
		});
		expect(pullResponseSchema.parse(pulled.body).entries).toHaveLength(40);
	});

	it('has its WAL checkpointed and started over by the checkpoint worker', async () => {
		const wal = path.join(dataDir, 'tidings.db-wal');
		const before = walRestarts(wal);
		// A write after a complete checkpoint starts the WAL over. The checkpoint worker gets there within a few of
		// these writes; without it the server checkpoints only once the WAL holds 1,000 pages (SQLite's default),
		// several times what 200 of these small writes add.
		let writes = 0;
		while (walRestarts(wal) === before && writes < 200) {
			const res = await call(server.url, 'PATCH', '/api/admin/settings', {
				token,
				body: { retentionDays: 30 + (writes++ % 100) }
			});
			expect(res.status).toBe(200);
		}
		expect(walRestarts(wal)).toBeGreaterThan(before);
		expect(JSON.stringify(server.logs)).not.toContain('checkpointer thread stopped');
	});
});
