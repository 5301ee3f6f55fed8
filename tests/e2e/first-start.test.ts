import { describe, expect, it } from 'vitest';
import type { FeedServer } from '../support/feed-server';
import { useScenario } from './support/scenario';
import { smallFeed } from './support/seed';
import { queryAll, queryOne } from './support/server-db';
import {
	article,
	entryRow,
	feedButton,
	openSubscribeDialog,
	setUpAdminInUi,
	sidebar,
	waitForReader
} from './support/ui';

const FEED_TITLE = 'A blog with feeds';
const ENTRY_TITLE = 'Second post';

/** A site whose home page names its feeds (RSS and Atom), with entries from the last day. */
function publishSite(feeds: FeedServer): void {
	feeds.setFeed(
		'/blog/',
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog</title>
		<link rel="alternate" type="application/rss+xml" title="Posts (RSS)" href="/blog/feed.rss">
		<link rel="alternate" type="application/atom+xml" title="Posts (Atom)" href="/formats/atom-1.0.atom">
		</head><body><h1>A blog</h1></body></html>`,
		'text/html; charset=utf-8'
	);
	feeds.setFeed(
		'/blog/feed.rss',
		smallFeed(FEED_TITLE, [
			{ guid: 'post-1', title: 'First post', html: '<p>The first one.</p>' },
			{ guid: 'post-2', title: ENTRY_TITLE, html: '<p>Long <a href="https://site.invalid/more">content</a></p>' }
		])
	);
}

describe('first start', () => {
	const s = useScenario();

	it('sets up the admin, subscribes by the site page, reads an entry, and a reload keeps everything', async () => {
		const { page, stack } = s;
		await setUpAdminInUi(page, stack.url);
		expect(queryAll(stack.databasePath, 'SELECT username, is_admin FROM users')).toEqual([
			{ username: 'admin', is_admin: 1 }
		]);

		// Discovery: the site's HTML page names its feeds; the person picks the RSS one.
		publishSite(stack.feeds);
		const dialog = await openSubscribeDialog(page);
		await dialog.getByLabel('Website or feed address').fill(`${stack.feeds.url}/blog/`);
		await dialog.getByRole('button', { name: 'Find feeds' }).click();
		await dialog.getByRole('radio', { name: /atom/i }).waitFor();
		const rssChoice = dialog.getByRole('radio', { name: /blog\/feed\.rss/ });
		await rssChoice.check();
		await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });

		// The server fetches the feed; the next sync brings its title and entries.
		await feedButton(page, FEED_TITLE).waitFor({ timeout: 30_000 });
		await entryRow(page, ENTRY_TITLE).waitFor({ timeout: 30_000 });
		const subscription = queryOne<{ url: string; folder_id: string | null }>(
			stack.databasePath,
			'SELECT f.url, s.folder_id FROM subscriptions s JOIN feeds f ON f.id = s.feed_id'
		);
		expect(subscription).toEqual({ url: `${stack.feeds.url}/blog/feed.rss`, folder_id: null });

		await entryRow(page, ENTRY_TITLE).click();
		await expect.poll(() => article(page).getByRole('heading', { level: 1 }).textContent()).toBe(ENTRY_TITLE);
		await article(page).getByText('Long content').waitFor();
		await article(page).getByRole('button', { name: 'Mark unread' }).waitFor();

		const readOnServer = () =>
			queryOne<{ read: number }>(
				stack.databasePath,
				`SELECT es.read FROM entry_states es JOIN entries e ON e.id = es.entry_id WHERE e.title = ?`,
				ENTRY_TITLE
			)?.read;
		await expect.poll(readOnServer, { timeout: 30_000 }).toBe(1);

		await page.reload();
		await waitForReader(page);
		await feedButton(page, FEED_TITLE).waitFor();
		// Read entries leave the Unread view; All shows it, no longer marked unread.
		await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
		const row = entryRow(page, ENTRY_TITLE);
		await row.waitFor();
		expect(await row.textContent()).not.toMatch(/Unread:/);
		expect(page.url()).not.toMatch(/\/(login|setup)$/);
	});
});
