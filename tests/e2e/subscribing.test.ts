import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario } from './support/scenario';
import { queryAll } from './support/server-db';
import { smallFeed } from './support/seed';
import { screenshot } from './support/shots';
import { entryRow, feedButton, signInInUi, sidebar, syncIndicator } from './support/ui';

const FEED_TITLE = 'Typed without a scheme';

describe('subscribing', () => {
	const s = useScenario();

	it('invites a new account to subscribe, takes an address without http://, and opens a feed already followed', async () => {
		const { page, stack } = s;
		await apiSetupAdmin(stack.url);
		stack.feeds.setFeed(
			'/plain/feed.rss',
			smallFeed(FEED_TITLE, [{ guid: 'p-1', title: 'Plain post', html: '<p>Over plain http.</p>' }])
		);
		await signInInUi(page, stack.url, 'admin');

		// A new account's empty list invites a first subscription instead of saying "All caught up."
		const list = page.getByRole('region', { name: 'Unread' });
		await list.getByRole('button', { name: 'Subscribe to a feed…' }).waitFor();
		expect(await list.textContent()).not.toContain('All caught up');
		await screenshot(page, 'subscribing-desktop-empty-account');
		await list.getByRole('button', { name: 'Subscribe to a feed…' }).click();
		const dialog = page.getByRole('dialog', { name: 'Subscribe to a feed' });
		await dialog.waitFor();

		// A failure, then the dialog closed and opened again: no old address, no old error.
		const address = dialog.getByLabel('Website or feed address');
		const hostAndPort = stack.feeds.url.replace(/^http:\/\//, '');
		await address.fill(`${hostAndPort}/discover/no-links.html`);
		await dialog.getByRole('button', { name: 'Find feeds' }).click();
		await dialog.getByRole('alert').waitFor();
		await dialog.getByRole('button', { name: 'Close' }).click();
		await sidebar(page).getByRole('button', { name: 'Subscribe…' }).click();
		await dialog.waitFor();
		expect(await dialog.getByRole('alert').count()).toBe(0);
		expect(await address.inputValue()).toBe('');

		// No scheme typed: the browser does not refuse it, and discovery finds the feed over http.
		await address.fill(`${hostAndPort}/plain/feed.rss`);
		await dialog.getByRole('button', { name: 'Find feeds' }).click();
		await dialog.getByRole('radio', { name: new RegExp(FEED_TITLE) }).waitFor();
		await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click();
		await dialog.waitFor({ state: 'hidden' });
		await feedButton(page, FEED_TITLE).waitFor({ timeout: 30_000 });
		await entryRow(page, 'Plain post').waitFor({ timeout: 30_000 });

		// The same feed again: "already subscribed", and the existing feed opens; nothing is queued or refused.
		await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
		await sidebar(page).getByRole('button', { name: 'Subscribe…' }).click();
		await address.fill(`${stack.feeds.url}/plain/feed.rss`);
		await dialog.getByRole('button', { name: 'Find feeds' }).click();
		await dialog.getByText('You are already subscribed to this feed.').waitFor();
		await screenshot(page, 'subscribing-desktop-already-subscribed');
		await dialog.getByRole('button', { name: 'Open the feed' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('heading', { name: FEED_TITLE, level: 1 }).waitFor();
		await entryRow(page, 'Plain post').waitFor();
		expect(await syncIndicator(page).getAttribute('aria-label')).toMatch(/^Sync: Synced/);
		expect(queryAll(stack.databasePath, 'SELECT id FROM subscriptions')).toHaveLength(1);
	});
});
