/**
 * `big-feeds`: the server's peak resident memory while one user subscribes to two 10 MiB feeds of 80,000 small
 * items each, on two hosts, refreshed at once: the scenario of issue 16, whose target is a peak at or under
 * 400 MB (fly.toml gives the machine 512 MB). The server measured is the compiled one `npm start` runs.
 */
import { randomUUID } from 'node:crypto';
import { call } from '../tests/support/http';
import { startFeedServer } from '../tests/support/feed-server';
import { finish, runMain, say } from './support/report';
import { startCompiledServer } from './support/compiled-server';
import { round } from './support/stats';

const ITEMS = 80_000;

function bigFeed(host: string): string {
	const start = Date.UTC(2020, 0, 1);
	const items = Array.from(
		{ length: ITEMS },
		(_, i) =>
			`<item><title>Story ${i}</title><guid>${host}/${i}</guid><pubDate>${new Date(start + i * 60_000).toUTCString()}</pubDate></item>`
	).join('\n');
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>${host}</title><link>https://${host}/</link>${items}</channel></rss>`;
}

runMain(async () => {
	const feeds = await startFeedServer();
	const server = await startCompiledServer({ ALLOW_PRIVATE_FEEDS: 'true' });
	try {
		const bodies = ['one.example', 'two.example'].map(bigFeed);
		feeds.setFeed('/one.rss', bodies[0]!);
		feeds.setFeed('/two.rss', bodies[1]!);
		const port = new URL(feeds.url).port;
		// Two hosts, as two sites would be: the engine limits refreshes per host.
		const urls = [`http://127.0.0.1:${port}/one.rss`, `http://localhost:${port}/two.rss`];
		const setup = await call(server.url, 'POST', '/api/setup', {
			body: { username: 'admin', password: 'correct horse battery' }
		});
		const token = setup.body.token as string;
		const ids = urls.map(() => randomUUID());
		// Before subscribing: subscribing queues the feeds' first fetch at once.
		const before = server.memory();
		await call(server.url, 'POST', '/api/sync/push', {
			token,
			body: {
				protocolVersion: 1,
				clientId: 'big-feeds',
				mutations: urls.map((url, i) => ({
					id: i + 1,
					name: 'subscription.create',
					args: { subscriptionId: ids[i], url, folderId: null, orderKey: `a${i}` }
				}))
			}
		});
		// Each joins the fetch its subscription queued.
		const answers = await Promise.all(
			ids.map((id) => call(server.url, 'POST', `/api/subscriptions/${id}/refresh`, { token }))
		);
		const after = server.memory();
		const results = answers.map((a) => JSON.stringify(a.body).slice(0, 120));
		say(
			'feed sizes (MiB)',
			bodies.map((b) => round(b.length / 2 ** 20, 1))
		);
		say('refresh answers', results);
		say('RSS before (MB)', round(before.rssMb, 0));
		say('peak RSS (MB)', round(after.peakRssMb, 0));
		finish(
			'big-feeds',
			{ baselineRssMb: round(before.rssMb, 0), peakRssMb: round(after.peakRssMb, 0), targetMb: 400 },
			{ items: ITEMS, feedMiB: bodies.map((b) => b.length / 2 ** 20), results }
		);
	} finally {
		await server.close();
		await feeds.close();
	}
});
