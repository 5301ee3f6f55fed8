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

describe('fetching ahead for offline reading', () => {
	const s = useScenario();

	it('after a sync, keeps the images of unread entries and the full text of starred ones, for reading offline', async () => {
		const { page, context, stack } = s;
		const paragraphs = Array.from(
			{ length: 6 },
			(_, i) => `<p>Paragraph ${i + 1} of the full article, long enough for Readability to see an article here.</p>`
		).join('');
		stack.feeds.setFeed(
			'/articles/long.html',
			`<html><body><article><h1>Long</h1>${paragraphs}</article></body></html>`
		);
		const entries = [1, 2, 3].map((n) => {
			stack.feeds.setFeed(`/pictures/${n}.png`, makePng(10 * n, 10), 'image/png');
			return {
				guid: `p${n}`,
				title: `Picture ${n}`,
				link: `${stack.feeds.url}/articles/long.html`,
				html: `<img src="${stack.feeds.url}/pictures/${n}.png" alt="Picture number ${n}">`
			};
		});
		stack.feeds.setFeed('/pictures.rss', smallFeed('Pictures', entries));
		const admin = await apiSetupAdmin(stack.url);
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/pictures.rss`)]);
		await expect
			.poll(() => queryOne<{ n: number }>(stack.databasePath, 'SELECT count(*) AS n FROM entries')?.n, {
				timeout: 30_000
			})
			.toBe(3);
		const starred = queryOne<{ id: number }>(stack.databasePath, "SELECT id FROM entries WHERE guid = 'p1'")!.id;
		await seedPush(stack.url, admin.token, [{ name: 'entry.setStarred', args: { entryId: starred, starred: true } }]);

		await signInInUi(page, stack.url, 'admin');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
		await page.reload();
		// No entry opened: the images arrive in the background.
		await expect
			.poll(() => page.evaluate(async () => (await (await caches.open('media-v1')).keys()).length), {
				timeout: 30_000
			})
			.toBe(3);
		expect(stack.feeds.hits('/pictures/3.png')).toBe(1);
		await expect
			.poll(
				() =>
					queryOne<{ full: string | null }>(
						stack.databasePath,
						'SELECT full_content AS full FROM entries WHERE id = ?',
						starred
					)?.full,
				{ timeout: 30_000 }
			)
			.toMatch(/Paragraph 6/);

		// The full text reaches the device with the next sync; then the device goes offline.
		await expect.poll(() => fullTextsOnDevice(page), { timeout: 30_000 }).toBe(1);
		await context.setOffline(true);
		await page.reload();
		await entryRow(page, 'Picture 3').click();
		const image = article(page).getByRole('img', { name: 'Picture number 3' });
		await image.waitFor();
		await page.waitForFunction((el) => (el as HTMLImageElement).complete, await image.elementHandle());
		expect(await image.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(30);
		expect(stack.feeds.hits('/pictures/3.png')).toBe(1);
	});
});

/** How many entries on the device hold their full text, read from the app's own database. */
function fullTextsOnDevice(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tidings-user-'));
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(names[0]!);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const all = await new Promise<{ fullContent: string | null }[]>((resolve) => {
			const request = db.transaction('entries').objectStore('entries').getAll();
			request.onsuccess = () => resolve(request.result as { fullContent: string | null }[]);
		});
		db.close();
		return all.filter((e) => e.fullContent).length;
	});
}
