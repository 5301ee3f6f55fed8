import { randomUUID } from 'node:crypto';
import { FeedEngine, type FeedEngineOptions, type Timers } from '../../../server/feeds/engine/feed-engine';
import { feedIdByUrl } from '../../../server/feeds/feeds-repo';
import { keyBetween } from '#shared/order-keys';
import { setupAdmin, signupUser } from '../../support/accounts';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

/** The real app with the real feed engine, the local feed server, and a signed-in admin. */
export interface EngineWorld {
	server: TestServer;
	feeds: FeedServer;
	engine: FeedEngine;
	token: string;
	/** The fake clock the engine and the app read. */
	clock: { now: number };
	close(): Promise<void>;
}

export async function startEngineWorld(options: Partial<FeedEngineOptions> = {}): Promise<EngineWorld> {
	const feeds = await startFeedServer();
	const clock = { now: Date.UTC(2026, 0, 15) };
	let engine!: FeedEngine;
	const server = await startTestServer({
		// The feed server is on 127.0.0.1: the guard would refuse it.
		env: { ALLOW_PRIVATE_FEEDS: 'true' },
		now: () => clock.now,
		extend: (deps) => {
			engine = new FeedEngine({ ...deps, now: () => clock.now, random: () => 0.5, ...options });
			return { refresher: engine };
		}
	});
	const { token } = await setupAdmin(server);
	return {
		server,
		feeds,
		engine,
		token,
		clock,
		async close() {
			await engine.stop();
			await server.close();
			await feeds.close();
		}
	};
}

/** Timers the test fires by hand, so the scheduler's sleeps take no time. */
export class ManualTimers implements Timers {
	readonly pending = new Map<number, { fn: () => Promise<void> | void; ms: number }>();
	#next = 1;
	setTimeout(fn: () => Promise<void> | void, ms: number) {
		const id = this.#next++;
		this.pending.set(id, { fn, ms });
		return id;
	}
	clearTimeout(handle: unknown) {
		this.pending.delete(handle as number);
	}
	/** Runs the timers due within `ms`, soonest first, and waits for what they started (a scheduler tick). */
	async fire(maxMs: number) {
		for (const [id, timer] of [...this.pending].sort((a, b) => a[1].ms - b[1].ms)) {
			if (timer.ms > maxMs) continue;
			this.pending.delete(id);
			await timer.fn();
		}
	}
}

const clients = new Map<string, { clientId: string; next: number; lastKey: string | null }>();

function clientOf(token: string) {
	const client = clients.get(token) ?? { clientId: `test-${randomUUID()}`, next: 1, lastKey: null };
	clients.set(token, client);
	return client;
}

/** Pushes one mutation through the sync protocol, as the app does, and fails the test unless it is applied. */
export async function pushMutation(
	world: { server: TestServer },
	token: string,
	name: string,
	args: unknown
): Promise<void> {
	const client = clientOf(token);
	const res = await call(world.server.url, 'POST', '/api/sync/push', {
		token,
		body: { protocolVersion: 1, clientId: client.clientId, mutations: [{ id: client.next++, name, args }] }
	});
	if (res.status !== 200 || res.body.results[0].status !== 'applied') {
		throw new Error(`${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
}

/** Subscribes through the sync protocol; returns the subscription's and the feed's ids. */
export async function subscribe(
	world: { server: TestServer },
	token: string,
	url: string,
	folderId: string | null = null
): Promise<{ subscriptionId: string; feedId: number }> {
	const client = clientOf(token);
	const subscriptionId = randomUUID();
	const orderKey = keyBetween(client.lastKey, null);
	client.lastKey = orderKey;
	await pushMutation(world, token, 'subscription.create', { subscriptionId, url, folderId, orderKey });
	return { subscriptionId, feedId: (await feedIdByUrl(world.server.store, url))! };
}

export async function secondUser(world: { server: TestServer }, name = 'bob'): Promise<string> {
	return (await signupUser(world.server, name)).token;
}

export interface TestItem {
	guid: string;
	title: string;
	content?: string;
	/** ms since the epoch */
	date?: number;
	link?: string;
}

const escapeXml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * An RSS 2.0 document for tests to publish with feeds.setFeed. `site` is the local feed server's URL: links and
 * the site (where the icon is looked for) must never point at the internet.
 */
export function rss(site: string, title: string, items: TestItem[], extra = ''): string {
	const body = items
		.map(
			(i) => `<item><guid isPermaLink="false">${escapeXml(i.guid)}</guid><title>${escapeXml(i.title)}</title>
<link>${escapeXml(i.link ?? `${site}/posts/${i.guid}`)}</link>
<description>${escapeXml(i.content ?? `<p>${i.title}</p>`)}</description>
${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ''}</item>`
		)
		.join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>${site}/</link>
<description>test feed</description>${extra}
${body}
</channel></rss>`;
}
