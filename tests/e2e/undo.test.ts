import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario } from './support/scenario';
import { queryAll, queryOne } from './support/server-db';
import { seedPush, smallFeed } from './support/seed';
import { screenshot } from './support/shots';
import { article, entryRow, feedButton, feedList, feedNames, pendingCount, sidebar, signInInUi } from './support/ui';

describe('undo instead of confirmation (desktop)', () => {
	const s = useScenario();

	it('undoes mark all read and unsubscribe by queuing the inverse; the feed returns to its folder, place and title', async () => {
		const { page, stack } = s;
		const admin = await apiSetupAdmin(stack.url);
		const folderId = randomUUID();
		const feed = (name: string, count: number) => {
			stack.feeds.setFeed(
				`/undo/${name}.rss`,
				smallFeed(
					name,
					Array.from({ length: count }, (_, i) => ({
						guid: `${name}-${i}`,
						title: `${name} post ${i + 1}`,
						html: '<p>x</p>'
					}))
				)
			);
			return `${stack.feeds.url}/undo/${name}.rss`;
		};
		const create = (url: string, orderKey: string, title: string | null) => ({
			name: 'subscription.create' as const,
			args: { subscriptionId: randomUUID(), url, folderId, orderKey, title }
		});
		await seedPush(stack.url, admin.token, [
			{ name: 'folder.create', args: { folderId, name: 'News', orderKey: 'a0' } },
			create(feed('first', 1), 'a0', null),
			create(feed('middle', 3), 'a1', 'My middle feed'),
			create(feed('last', 1), 'a2', null)
		]);
		await signInInUi(page, stack.url, 'admin');
		await entryRow(page, 'middle post 3').waitFor({ timeout: 30_000 });
		await expect.poll(() => feedNames(feedList(page, 'News'))).toEqual(['first', 'My middle feed', 'last']);
		const unreadButton = sidebar(page).getByRole('button', { name: /^Unread/ });
		await expect.poll(() => unreadButton.textContent()).toMatch(/5/);

		// Mark all read: done at once, no question asked; Undo marks exactly those entries unread again.
		await page.getByRole('button', { name: 'Mark all read' }).click();
		const toast = page.getByRole('status').filter({ hasText: 'Marked 5 entries read' });
		await toast.waitFor();
		await screenshot(page, 'undo-desktop-mark-all-read');
		await expect.poll(() => unreadButton.textContent()).not.toMatch(/\d/);
		await toast.getByRole('button', { name: 'Undo' }).click();
		await expect.poll(() => unreadButton.textContent()).toMatch(/5/);
		const unreadOnServer = () =>
			queryOne<{ n: number }>(stack.databasePath, 'SELECT count(*) AS n FROM entry_states WHERE read = 1')!.n;
		await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
		expect(unreadOnServer()).toBe(0);

		// Star an entry of the middle feed, then unsubscribe from it: no confirmation, an undo.
		await entryRow(page, 'middle post 2').click();
		await article(page).getByRole('button', { name: /Star/, pressed: false }).click();
		await page.getByLabel('Actions for My middle feed', { exact: true }).click();
		await sidebar(page).getByRole('button', { name: 'Unsubscribe' }).click();
		const unsubscribed = page.getByRole('status').filter({ hasText: 'Unsubscribed from My middle feed' });
		await unsubscribed.waitFor();
		await expect.poll(() => feedNames(feedList(page, 'News'))).toEqual(['first', 'last']);
		// The open entry of that feed is closed, not left as an empty row and a "no longer stored" reader.
		await page.getByText('Choose an entry to read it.').waitFor();
		await screenshot(page, 'undo-desktop-unsubscribe');
		await unsubscribed.getByRole('button', { name: 'Undo' }).click();

		// Back in its folder, between the same neighbours, with the user's title; entries and the star return.
		await expect.poll(() => feedNames(feedList(page, 'News'))).toEqual(['first', 'My middle feed', 'last']);
		await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
		await expect
			.poll(() =>
				queryAll(
					stack.databasePath,
					`SELECT s.folder_id, s.order_key, s.title FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
					 WHERE f.url LIKE '%/undo/middle.rss'`
				)
			)
			.toEqual([{ folder_id: folderId, order_key: 'a1', title: 'My middle feed' }]);
		await feedButton(page, 'My middle feed').click();
		await entryRow(page, 'middle post 2').waitFor({ timeout: 30_000 });
		expect(await entryRow(page, 'middle post 2').getByLabel('Starred').count()).toBe(1);
	});
});
