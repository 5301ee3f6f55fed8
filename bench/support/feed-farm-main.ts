/**
 * The feeds of the `refresh` benchmark, served from their own process (so serving them costs the measured
 * server nothing) by many instances of the project's test feed server: each listens on its own port, which the
 * feed engine counts as its own host, as 1,000 real feeds are spread over many sites. Mixed sizes, some slow,
 * some failing; every document has an ETag, so a second pass is conditional. Prints the feed list as one JSON
 * line; `exit` on stdin closes everything. Every link points back at these servers: nothing reaches the internet
 * (the engine also looks for each site's icon).
 */
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFeedServer, type FeedServer } from '../../tests/support/feed-server';
import { syntheticAtom, syntheticJsonFeed, syntheticRss } from './synthetic-feeds';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const SLOW_MS = 2000;

export type FeedKind = 'small' | 'medium' | 'large' | 'atom' | 'json' | 'slow' | 'failing' | 'not-a-feed';

/** Out of every 100 feeds: 70 small, 17 medium, 3 large, 3 Atom, 2 JSON Feeds, 2 slow, 2 failing, 1 not a feed. */
function kindOf(i: number): FeedKind {
	const k = i % 100;
	if (k < 70) return 'small';
	if (k < 87) return 'medium';
	if (k < 90) return 'large';
	if (k < 93) return 'atom';
	if (k < 95) return 'json';
	if (k < 97) return 'slow';
	if (k < 99) return 'failing';
	return 'not-a-feed';
}

const FAILURES = [404, 500, 503, 410];

/** A valid feed that arrives only after SLOW_MS (a slow site), 304 included. */
function slowRoute(server: FeedServer, path: string, body: string): void {
	const etag = `"slow-${path.length}-${body.length}"`;
	server.setRoute(path, (req, res) => {
		void sleep(SLOW_MS).then(() => {
			if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
			res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(body);
		});
	});
}

function publish(server: FeedServer, i: number, kind: FeedKind): string {
	const site = `${server.url}/site-${i}`;
	const path = `/feed-${i}.xml`;
	switch (kind) {
		case 'small':
			server.setFeed(path, syntheticRss(20, 1024, site));
			return path;
		case 'medium':
			server.setFeed(path, syntheticRss(50, 2048, site));
			return path;
		case 'large':
			server.setFeed(path, syntheticRss(200, 3072, site));
			return path;
		case 'atom':
			server.setFeed(path, syntheticAtom(60, 2048, site), 'application/atom+xml');
			return path;
		case 'json':
			server.setFeed(`/feed-${i}.json`, syntheticJsonFeed(40, 2048, site), 'application/feed+json');
			return `/feed-${i}.json`;
		case 'slow':
			slowRoute(server, path, syntheticRss(20, 1024, site));
			return path;
		case 'failing':
			return `/_/status/${FAILURES[i % FAILURES.length]}?feed=${i}`;
		case 'not-a-feed':
			server.setFeed(`/page-${i}.html`, '<!doctype html><title>Not a feed</title><p>Hello</p>', 'text/html');
			return `/page-${i}.html`;
	}
}

const servers = await Promise.all(Array.from({ length: HOSTS }, () => startFeedServer()));
const feeds = Array.from({ length: FEEDS }, (_, i) => {
	const server = servers[i % HOSTS]!;
	const kind = kindOf(i);
	return { url: `${server.url}${publish(server, i, kind)}`, kind };
});
console.log(JSON.stringify({ ready: true, feeds }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
	if (line.trim() === 'exit') void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
});
