import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD } from '../../support/accounts';
import { startFeedServer } from '../../support/feed-server';
import { startServerProcess } from '../../support/server-process';
import { makeDataDir } from '../../support/test-server';

/** A server process on a new data directory whose admin subscribes to `feedUrl`, which it then fetches. */
async function serverSubscribedTo(feedUrl: string) {
	const dataDir = makeDataDir();
	const server = await startServerProcess({ DATA_DIR: dataDir, ALLOW_PRIVATE_FEEDS: 'true' });
	const { token } = (await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } }))
		.body as { token: string };
	const mutation = {
		id: 1,
		name: 'subscription.create',
		args: { subscriptionId: randomUUID(), url: feedUrl, folderId: null, orderKey: 'a0' }
	};
	const pushed = await call(server.url, 'POST', '/api/sync/push', {
		token,
		body: { protocolVersion: 1, clientId: 'shutdown-test', mutations: [mutation] }
	});
	expect(pushed.body.results[0].status).toBe('applied');
	return { server, dataDir };
}

describe('graceful shutdown', () => {
	it('finishes in-flight requests on SIGTERM, then closes the database and exits 0', async () => {
		const dataDir = makeDataDir();
		const server = await startServerProcess({ DATA_DIR: dataDir, SESSION_SECRET: 'do-not-print-me' });
		expect(JSON.stringify(server.logs)).not.toContain('do-not-print-me');

		// The server has taken the request in (it answered "100 Continue" to its headers) when the signal goes; the body
		// follows the signal, so the request is in flight through the whole shutdown.
		const request = http.request(`${server.url}/api/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Expect: '100-continue' }
		});
		const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
			request.once('response', resolve);
			request.once('error', reject);
		});
		request.flushHeaders();
		await once(request, 'continue');
		server.child.kill('SIGTERM');
		request.end(JSON.stringify({ username: 'admin', password: PASSWORD }));

		const res = await answered;
		res.resume();
		expect(res.statusCode).toBe(201);
		expect(await server.exited).toBe(0);
		expect(server.logs.some((l) => l.msg === 'stopped')).toBe(true);

		const again = await startServerProcess({ DATA_DIR: dataDir });
		const status = await call(again.url, 'GET', '/api/setup/status');
		expect(status.body.needsSetup).toBe(false);
		again.child.kill('SIGINT');
		expect(await again.exited).toBe(0);
	});

	it('aborts a feed fetch in flight instead of waiting for a slow feed server, leaving the feed due', async () => {
		const feeds = await startFeedServer();
		// A feed server that starts its answer and never finishes it: only the fetch timeout (20 s) would end it.
		const fetching = new Promise<void>((resolve) =>
			feeds.setRoute('/stalls.xml', (_req, res) => {
				res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
				res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Stalls</title>');
				resolve();
			})
		);
		const { server, dataDir } = await serverSubscribedTo(`${feeds.url}/stalls.xml`);
		await fetching;

		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
		// Cut short, not failed: no error is held against the feed, and it is fetched at the next start.
		const db = new Database(path.join(dataDir, 'tidings.db'), { readonly: true });
		const feed = db.prepare('SELECT last_error, consecutive_errors, last_fetched_at FROM feeds').get();
		db.close();
		expect(feed).toEqual({ last_error: null, consecutive_errors: 0, last_fetched_at: null });
		await feeds.close();
	});

	it('cuts short an icon lookup in flight, records nothing of it, and keeps the refresh it followed', async () => {
		const feeds = await startFeedServer();
		feeds.setFeed(
			'/with-site.xml',
			`<?xml version="1.0"?><rss version="2.0"><channel><title>With a site</title><link>${feeds.url}/site</link>` +
				'<item><guid>1</guid><title>One</title></item></channel></rss>',
			'application/rss+xml'
		);
		// The site's home page starts and never ends: only the lookup's own timeouts (10 s a fetch) would end it.
		const lookingUp = new Promise<void>((resolve) =>
			feeds.setRoute('/site', (_req, res) => {
				res.writeHead(200, { 'Content-Type': 'text/html' });
				res.write('<html><head>');
				resolve();
			})
		);
		const { server, dataDir } = await serverSubscribedTo(`${feeds.url}/with-site.xml`);
		await lookingUp;

		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
		// Waiting out the page would have gone on to /favicon.ico and recorded the lookup as done, for a week.
		expect(feeds.hits('/favicon.ico')).toBe(0);
		const db = new Database(path.join(dataDir, 'tidings.db'), { readonly: true });
		const feed = db.prepare('SELECT icon_checked_at, last_fetched_at IS NOT NULL AS fetched FROM feeds').get();
		const entries = db.prepare('SELECT count(*) AS n FROM entries').get();
		db.close();
		expect(feed).toEqual({ icon_checked_at: null, fetched: 1 });
		expect(entries).toEqual({ n: 1 });
		await feeds.close();
	});

	it('ends open event streams cleanly instead of waiting for them', async () => {
		const server = await startServerProcess({ DATA_DIR: makeDataDir() });
		const { token } = (
			await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } })
		).body as { token: string };
		const stream = await fetch(`${server.url}/api/sync/events?token=${token}`);
		expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
		const reader = stream.body!.getReader();
		await reader.read();

		server.child.kill('SIGTERM');
		let done = false;
		while (!done) done = (await reader.read()).done;
		expect(await server.exited).toBe(0);
	});
});
