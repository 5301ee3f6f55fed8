import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makePng } from '../support/png';
import { apiSetupAdmin } from './support/api';
import { useScenario, type Scenario } from './support/scenario';
import { queryOne } from './support/server-db';
import { seedPush, smallFeed, subscribeTo } from './support/seed';
import { article, entryRow, sidebar, signInInUi } from './support/ui';

const ENTRY_TITLE = 'An entry with a picture';
const ALT = 'A picture from another site';

/**
 * A feed whose entry shows an image served by the feed server, another local origin than the app's; the app is
 * signed in and synced, and its service worker controls the page.
 */
async function openEntryWithImage(s: Scenario): Promise<void> {
	const { stack, page } = s;
	stack.feeds.setFeed('/pictures/photo.png', makePng(40, 30), 'image/png');
	const imageUrl = `${stack.feeds.url}/pictures/photo.png`;
	stack.feeds.setFeed(
		'/pictures.rss',
		smallFeed('Pictures', [
			{ guid: 'p1', title: ENTRY_TITLE, html: `<p>Look:</p><img src="${imageUrl}" alt="${ALT}">` }
		])
	);
	const admin = await apiSetupAdmin(stack.url);
	await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/pictures.rss`)]);
	await expect
		.poll(() => queryOne<{ n: number }>(stack.databasePath, 'SELECT count(*) AS n FROM entries')?.n, {
			timeout: 30_000
		})
		.toBe(1);
	await signInInUi(page, stack.url, 'admin');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
	// A page loaded under the worker's control, as every start after the first is.
	await page.reload();
	await entryRow(page, ENTRY_TITLE).click();
}

/** Waits for the entry's image to have loaded and answers its natural width (0 when it failed to load). */
async function imageWidth(page: Page): Promise<number> {
	const image = article(page).getByRole('img', { name: ALT });
	await image.waitFor();
	await page.waitForFunction((el) => (el as HTMLImageElement).complete, await image.elementHandle());
	return image.evaluate((el) => (el as HTMLImageElement).naturalWidth);
}

describe('images in entries, media proxy off', () => {
	const s = useScenario({ env: { MEDIA_PROXY: 'off' } });

	it('shows an image from another origin while the service worker controls the page', async () => {
		await openEntryWithImage(s);
		expect(await imageWidth(s.page)).toBe(40);
		expect(s.stack.feeds.hits('/pictures/photo.png')).toBeGreaterThan(0);
	});
});

describe('images in entries, media proxy on', () => {
	const s = useScenario();

	it('shows an image from another origin through the proxy, and again offline after a reload', async () => {
		const { page, context, stack } = s;
		await openEntryWithImage(s);
		const image = article(page).getByRole('img', { name: ALT });
		await image.waitFor();
		expect(await image.getAttribute('src')).toMatch(/^\/api\/media\//);
		expect(await imageWidth(page)).toBe(40);
		const hits = stack.feeds.hits('/pictures/photo.png');
		expect(hits).toBeGreaterThan(0);

		await context.setOffline(true);
		await page.reload();
		// The entry was read by opening it: the Unread view no longer lists it.
		await sidebar(page).getByRole('button', { name: /^All/ }).click();
		await entryRow(page, ENTRY_TITLE).click();
		expect(await imageWidth(page)).toBe(40);
		expect(stack.feeds.hits('/pictures/photo.png')).toBe(hits);
	});
});
