import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario, type Scenario } from './support/scenario';
import { queryOne } from './support/server-db';
import { seedPush, smallFeed } from './support/seed';
import { article, entryRow, sidebar, signInInUi } from './support/ui';

const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};

/** One feed of three stories in a folder; answers the ids the addresses carry. */
async function seed(s: Scenario) {
	const { stack } = s;
	const admin = await apiSetupAdmin(stack.url);
	const folderId = randomUUID();
	const feedId = randomUUID();
	stack.feeds.setFeed(
		'/stories.rss',
		smallFeed(
			'Stories',
			[1, 2, 3].map((n) => ({ guid: `s${n}`, title: `Story ${n}`, html: `<p>The text of story ${n}.</p>` }))
		)
	);
	await seedPush(stack.url, admin.token, [
		{ name: 'folder.create', args: { folderId, name: 'News', orderKey: 'a0' } },
		{
			name: 'subscription.create',
			args: { subscriptionId: feedId, url: `${stack.feeds.url}/stories.rss`, folderId, orderKey: 'a0' }
		}
	]);
	await expect
		.poll(() => queryOne(stack.databasePath, "SELECT id FROM entries WHERE title = 'Story 2'"), { timeout: 30_000 })
		.toBeTruthy();
	const story2 = queryOne<{ id: number }>(stack.databasePath, "SELECT id FROM entries WHERE title = 'Story 2'")!.id;
	return { folderId, feedId, story2 };
}

/** Signs in on a phone and opens the feed from the sidebar pane: Unread, then the feed, in history. */
async function openFeedOnPhone(page: Page, url: string, feedId: string): Promise<void> {
	await signInInUi(page, url, 'admin');
	await page.getByRole('button', { name: /Feeds$/ }).click();
	await sidebar(page)
		.getByRole('button', { name: /^Stories/ })
		.click();
	await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
}

const path = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;
const listTitle = (page: Page) => page.locator('#list-title, #search-title');

describe('an address per view and per open entry', () => {
	describe('on a phone', () => {
		const s = useScenario({ context: PHONE });

		it('opening an entry changes the address; reload keeps it; Back returns to the list; offline too', async () => {
			const { page, stack, context } = s;
			const { feedId, story2 } = await seed(s);
			await signInInUi(page, stack.url, 'admin');
			expect(path(page)).toBe('/');

			await page.getByRole('button', { name: /Feeds$/ }).click();
			await sidebar(page)
				.getByRole('button', { name: /^Stories/ })
				.click();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'Story 2').click();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			expect(path(page)).toBe(`/feed/${feedId}/entry/${story2}`);

			await page.reload();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			expect(path(page)).toBe(`/feed/${feedId}/entry/${story2}`);

			// Back: the feed's list, inside the app.
			await page.goBack();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'Story 3').waitFor();
			expect(await article(page).isVisible()).toBe(false);
			await page.goForward();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();

			// The app's own "List" button returns to the list too.
			await page.getByRole('button', { name: /List$/ }).click();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'Story 3').waitFor();
			expect(await article(page).isVisible()).toBe(false);

			// Offline, the service worker answers any reader address.
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
			await context.setOffline(true);
			const offline = await page.goto(`${stack.url}/feed/${feedId}/entry/${story2}`);
			expect(offline?.fromServiceWorker()).toBe(true);
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			await context.setOffline(false);
		});

		it('after a reload, Back and Forward, "List" goes back to the list instead of adding a history entry', async () => {
			const { page, stack } = s;
			const { feedId, story2 } = await seed(s);
			await openFeedOnPhone(page, stack.url, feedId);
			await entryRow(page, 'Story 2').click();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();

			await page.reload();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			await page.goBack();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'Story 3').waitFor();
			await page.goForward();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			expect(path(page)).toBe(`/feed/${feedId}/entry/${story2}`);
			const depth = await page.evaluate(() => history.length);

			await page.getByRole('button', { name: /List$/ }).click();
			await page.waitForURL(`**/feed/${feedId}`, { waitUntil: 'commit' });
			await entryRow(page, 'Story 3').waitFor();
			expect(await page.evaluate(() => history.length)).toBe(depth);
			// Back now leaves the feed for the list before it, as it would have without the reload.
			await page.goBack();
			await page.waitForURL((url) => url.pathname === '/', { waitUntil: 'commit' });
			await expect.poll(() => listTitle(page).textContent()).toMatch(/Unread/);
		});

		it('Back from Settings returns to the view the user was reading', async () => {
			const { page, stack } = s;
			const { feedId } = await seed(s);
			await openFeedOnPhone(page, stack.url, feedId);
			await entryRow(page, 'Story 3').waitFor();

			await page.getByRole('link', { name: 'Settings' }).click();
			await page.waitForURL('**/settings', { waitUntil: 'commit' });
			await page.getByRole('heading', { name: 'Settings' }).waitFor();
			await page.goBack();
			await entryRow(page, 'Story 3').waitFor();
			expect(path(page)).toBe(`/feed/${feedId}`);
			await expect.poll(() => listTitle(page).textContent()).toMatch(/Stories/);

			// The page's own way back does the same.
			await page.getByRole('link', { name: 'Settings' }).click();
			await page.getByRole('link', { name: /Back to reading/ }).click();
			await entryRow(page, 'Story 3').waitFor();
			expect(path(page)).toBe(`/feed/${feedId}`);
		});
	});

	describe('on a desktop', () => {
		const s = useScenario();

		it('every view has its address, kept on reload and usable as a bookmark', async () => {
			const { page, stack } = s;
			const { folderId, feedId, story2 } = await seed(s);
			await signInInUi(page, stack.url, 'admin');
			await entryRow(page, 'Story 1').waitFor({ timeout: 30_000 });

			const views: [RegExp, string, RegExp][] = [
				[/^Starred/, '/starred', /Starred/],
				[/^All/, '/all', /All/],
				[/^News/, `/folder/${folderId}`, /News/],
				[/^Stories/, `/feed/${feedId}`, /Stories/],
				[/^Unread/, '/', /Unread/]
			];
			for (const [button, address, title] of views) {
				await sidebar(page).getByRole('button', { name: button }).click();
				await page.waitForURL((url) => url.pathname === address, { waitUntil: 'commit' });
				await page.reload();
				await expect.poll(() => listTitle(page).textContent()).toMatch(title);
				expect(path(page)).toBe(address);
			}

			await page.getByLabel('Search entries').fill('Story');
			await page.getByLabel('Search entries').press('Enter');
			await page.waitForURL('**/search?q=Story', { waitUntil: 'commit' });
			await page.getByRole('button', { name: /Story 2/ }).click();
			await page.waitForURL(`**/search/entry/${story2}?q=Story`, { waitUntil: 'commit' });
			await page.reload();
			await article(page).getByRole('heading', { name: 'Story 2' }).waitFor();
			await expect.poll(() => listTitle(page).textContent()).toMatch(/Search: .Story./);

			// A bookmark opened in a new tab.
			const tab = await s.context.newPage();
			await tab.goto(`${stack.url}/all/entry/${story2}`);
			await article(tab).getByRole('heading', { name: 'Story 2' }).waitFor();
			await expect.poll(() => listTitle(tab).textContent()).toMatch(/All/);
		});
	});
});
