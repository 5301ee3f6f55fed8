import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { addEntries, readerUser, subscribe, type ReaderUser } from './reader-support';

/*
 * A real Google Reader client against the real server: Debian's newsboat (2.21) in its FeedHQ mode, headless,
 * with its own config, cache and HOME in a temporary directory (npm test installs it when missing). It signs in
 * with ClientLogin at <feedhq-url>/accounts/ClientLogin, lists <feedhq-url>/reader/api/0/subscription/list, and
 * reads each feed as Atom from <feedhq-url>/reader/atom/feed%2F<id>?n=<feedhq-min-items>.
 */

const run = promisify(execFile);
const NEWS = 'https://news.example.test/feed';
const BLOG = 'https://blog.example.test/feed';

let server: TestServer;
let alice: ReaderUser;
let home: string;
let newsIds: number[];
let feedIds: number[];

function writeConfig(password: string): string {
	const config = path.join(home, 'config');
	fs.writeFileSync(
		config,
		[
			'urls-source "feedhq"',
			// With a trailing slash, as people paste it: newsboat appends "/accounts/ClientLogin" and the rest to it.
			`feedhq-url "${server.url}/api/greader/"`,
			'feedhq-login "alice"',
			`feedhq-password "${password}"`,
			// Its "special feeds" are fixed URLs on feedhq.org: tests never reach the internet.
			'feedhq-show-special-feeds no',
			'feedhq-min-items 50',
			'download-retries 1',
			'download-timeout 10'
		].join('\n')
	);
	return config;
}

async function newsboat(password: string): Promise<{ stdout: string; stderr: string; code: number }> {
	const config = writeConfig(password);
	const urls = path.join(home, 'urls');
	fs.writeFileSync(urls, '');
	try {
		const { stdout, stderr } = await run(
			'newsboat',
			['-C', config, '-u', urls, '-c', path.join(home, 'cache.db'), '-x', 'reload', 'print-unread'],
			{ env: { HOME: home, PATH: process.env.PATH, LANG: 'C.UTF-8', TERM: 'dumb' }, timeout: 60_000 }
		);
		return { stdout, stderr, code: 0 };
	} catch (err) {
		const e = err as { stdout?: string; stderr?: string; code?: number };
		return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code ?? -1 };
	}
}

const unreadCount = (stdout: string) => Number(/(\d+) unread articles?/.exec(stdout)?.[1]);

beforeAll(async () => {
	server = await startTestServer();
	alice = await readerUser(server, 'alice', true);
	feedIds = [await subscribe(alice, NEWS, { id: crypto.randomUUID(), name: 'News' }), await subscribe(alice, BLOG)];
	newsIds = await addEntries(server, NEWS, 4);
	const blogIds = await addEntries(server, BLOG, 3);
	// One entry already read on another device.
	await alice.device.send({ name: 'entry.setRead', args: { entryIds: [blogIds[0]!], read: true } });
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-newsboat-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, { recursive: true, force: true });
});

describe('newsboat in FeedHQ mode', () => {
	it('signs in, lists the subscriptions, fetches the entries and reports the unread count', async () => {
		const result = await newsboat(alice.appPassword.password);
		expect(result.code, result.stderr).toBe(0);
		expect(unreadCount(result.stdout), result.stdout).toBe(6);
		const cached = await cachedItems();
		expect(cached.feeds.sort()).toEqual(feedIds.map((id) => `feed%2F${id}`).sort());
		expect(cached.items).toBe(7);
	});

	it('sees an entry marked read through the API, and the PWA device pulls that mark', async () => {
		await alice.device.pullAll();
		const marked = await alice.client.post('/reader/api/0/edit-tag', `i=${newsIds[0]}&a=user/-/state/com.google/read`);
		expect(marked.text).toBe('OK');
		const pulled = (await alice.device.pullAll()).flatMap((page) => page.entryStates);
		expect(pulled).toEqual([expect.objectContaining({ entryId: newsIds[0], read: true })]);

		const result = await newsboat(alice.appPassword.password);
		expect(unreadCount(result.stdout), result.stdout).toBe(5);
	});

	it('can no longer sign in once the app password is revoked', async () => {
		const revoked = await call(server.url, 'DELETE', `/api/app-passwords/${alice.appPassword.id}`, {
			token: alice.token
		});
		expect(revoked.status).toBe(204);
		const result = await newsboat(alice.appPassword.password);
		expect(result.code).not.toBe(0);
		expect(`${result.stdout}${result.stderr}`).toMatch(/authentication failed/i);
	});
});

/** What newsboat stored in its own cache: the feed URLs it read (their stream part) and how many items. */
async function cachedItems(): Promise<{ feeds: string[]; items: number }> {
	const { default: Database } = await import('better-sqlite3');
	const cache = new Database(path.join(home, 'cache.db'), { readonly: true });
	try {
		const feeds = (cache.prepare('SELECT rssurl FROM rss_feed').pluck().all() as string[]).map((url) =>
			url.replace(/^.*\/reader\/atom\//, '').replace(/\?.*$/, '')
		);
		const items = cache.prepare('SELECT count(*) FROM rss_item').pluck().get() as number;
		return { feeds, items };
	} finally {
		cache.close();
	}
}
