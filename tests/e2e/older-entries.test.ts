import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario, type Scenario } from './support/scenario';
import { queryAll, queryOne } from './support/server-db';
import { seedPush, smallFeed } from './support/seed';
import { DESKTOP, PHONE, screenshot } from './support/shots';
import { article, entryRow, feedButton, sidebar, signInInUi, syncIndicator } from './support/ui';

const DAY = 24 * 60 * 60 * 1000;
const OLD = 60;

/**
 * One feed of three new unread entries and 60 read ones from weeks ago, and a week kept offline: after the app's
 * next start, the device holds the three and none of the 60.
 */
async function seed(s: Scenario): Promise<{ feedId: string }> {
	const { stack } = s;
	const admin = await apiSetupAdmin(stack.url);
	const now = Date.now();
	const old = Array.from({ length: OLD }, (_, n) => ({
		guid: `old-${n + 1}`,
		title: `Old story ${String(n + 1).padStart(2, '0')}`,
		html: `<p>Old text ${n + 1}.</p>`,
		date: now - (10 + n) * DAY
	}));
	const fresh = [1, 2, 3].map((n) => ({ guid: `new-${n}`, title: `New story ${n}`, html: `<p>New ${n}.</p>` }));
	stack.feeds.setFeed('/archive.rss', smallFeed('Archive', [...old, ...fresh]));
	const feedId = randomUUID();
	await seedPush(stack.url, admin.token, [
		{ name: 'settings.update', args: { settings: { offlineDays: 7, hideRead: false } } },
		{
			name: 'subscription.create',
			args: { subscriptionId: feedId, url: `${stack.feeds.url}/archive.rss`, folderId: null, orderKey: 'a0' }
		}
	]);
	const count = () => queryOne<{ n: number }>(stack.databasePath, 'SELECT count(*) AS n FROM entries')!.n;
	await expect.poll(count, { timeout: 30_000 }).toBe(OLD + 3);
	const oldIds = queryAll<{ id: number }>(stack.databasePath, "SELECT id FROM entries WHERE title LIKE 'Old %'");
	await seedPush(stack.url, admin.token, [
		{ name: 'entry.setRead', args: { entryIds: oldIds.map((r) => r.id), read: true } }
	]);
	return { feedId };
}

/** Signs in, lets the first sync bring everything, then starts the app again, which drops the old read entries. */
async function startWithWindow(s: Scenario): Promise<void> {
	await signInInUi(s.page, s.stack.url, 'admin');
	await expect.poll(() => syncIndicator(s.page).textContent(), { timeout: 30_000 }).toMatch(/Synced/);
	await s.page.reload();
	await syncIndicator(s.page).waitFor();
}

/** Scrolls the entry list to its end until `title` is among its rows (the list loads pages as it nears its end). */
async function scrollUntil(page: Page, title: string): Promise<void> {
	const rows = page.getByRole('list', { name: /^Entries in / });
	await expect
		.poll(
			async () => {
				await rows.evaluate((list) => list.parentElement!.scrollTo({ top: list.scrollHeight }));
				return entryRow(page, title).count();
			},
			{ timeout: 30_000 }
		)
		.toBe(1);
}

describe('lists reach every entry the server has', () => {
	describe('on a desktop', () => {
		const s = useScenario({ context: DESKTOP });

		it("a feed's read entries older than the device keeps are listed, open, star and sync", async () => {
			const { page, stack } = s;
			const { feedId } = await seed(s);
			await startWithWindow(s);

			await feedButton(page, 'Archive').click();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'New story 3').waitFor();
			await entryRow(page, 'Old story 01').waitFor({ timeout: 30_000 });
			await scrollUntil(page, `Old story ${OLD}`);
			const rows = page
				.getByRole('list', { name: /^Entries in / })
				.getByRole('listitem')
				.first();
			expect(await rows.getAttribute('aria-setsize')).toBe(String(OLD + 3));
			await screenshot(page, 'older-entries-desktop');

			await entryRow(page, `Old story ${OLD}`).click();
			await article(page)
				.getByRole('heading', { name: `Old story ${OLD}` })
				.waitFor();
			await article(page).getByRole('button', { name: 'Star' }).click();
			await article(page).getByRole('button', { name: 'Mark unread' }).click();
			const state = () =>
				queryOne<{ read: number; starred: number }>(
					stack.databasePath,
					'SELECT st.read, st.starred FROM entry_states st JOIN entries e ON e.id = st.entry_id WHERE e.title = ?',
					`Old story ${OLD}`
				);
			await expect.poll(state, { timeout: 30_000 }).toEqual({ read: 0, starred: 1 });

			// The address of an old read entry, opened again after a restart dropped it from the device, shows it (in
			// Unread, a list that never pages).
			const other = queryOne<{ id: number }>(
				stack.databasePath,
				"SELECT id FROM entries WHERE title = 'Old story 59'"
			)!;
			await page.goto(`${stack.url}/entry/${other.id}`);
			await article(page).getByRole('heading', { name: 'Old story 59' }).waitFor({ timeout: 30_000 });
		});
	});

	describe('searching on a desktop', () => {
		const s = useScenario({ context: DESKTOP });

		it('a result the device no longer holds opens', async () => {
			const { page } = s;
			await seed(s);
			await startWithWindow(s);
			await page.getByLabel('Search entries').fill('"Old story 42"');
			await page.getByLabel('Search entries').press('Enter');
			const result = page.getByRole('button', { name: /Old story 42/ });
			await expect.poll(() => result.isEnabled(), { timeout: 30_000 }).toBe(true);
			expect(await page.getByText('Not stored on this device').count()).toBe(0);
			await result.click();
			await article(page).getByRole('heading', { name: 'Old story 42' }).waitFor();
		});
	});

	describe('on a phone', () => {
		const s = useScenario({ context: PHONE });

		it('offline, the list says it shows only what the device holds', async () => {
			const { page, context } = s;
			await seed(s);
			await startWithWindow(s);
			await page.getByRole('button', { name: /Feeds$/ }).click();
			await context.setOffline(true);
			await sidebar(page)
				.getByRole('button', { name: /^Archive/ })
				.click();
			await entryRow(page, 'New story 3').waitFor();
			await page.getByRole('status').filter({ hasText: 'only the entries stored on this device' }).waitFor();
			expect(await entryRow(page, 'Old story 01').count()).toBe(0);
			await screenshot(page, 'older-entries-phone-offline');

			await context.setOffline(false);
			await entryRow(page, 'Old story 01').waitFor({ timeout: 30_000 });
			expect(await page.getByText('only the entries stored on this device').count()).toBe(0);
			await screenshot(page, 'older-entries-phone');
		});
	});
});
