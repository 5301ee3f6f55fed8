import { beforeAll, describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { newContext } from './support/browser';
import { useScenario } from './support/scenario';
import { seedPush, smallFeed, subscribeTo } from './support/seed';
import { PHONE, screenshot } from './support/shots';
import { swipeHorizontally } from './support/touch';
import { article, entryRow, signInInUi, syncIndicator } from './support/ui';

const LONG_TITLE = 'A title long enough that one line of a phone cannot hold it, so it wraps onto a second line';
const TITLES = ['Third entry', 'Second entry', LONG_TITLE];

describe('phone (390x844, touch)', () => {
	const s = useScenario({ shareStack: true });
	beforeAll(async () => {
		const admin = await apiSetupAdmin(s.stack.url);
		s.stack.feeds.setFeed(
			'/phone.rss',
			smallFeed(
				'Phone feed',
				[...TITLES].reverse().map((title, i) => ({ guid: `p${i}`, title, html: `<p>Body of ${title}</p>` }))
			)
		);
		await seedPush(s.stack.url, admin.token, [subscribeTo(`${s.stack.feeds.url}/phone.rss`)]);
	});

	it.each(['light', 'dark'] as const)(
		'%s: header, sync panel, two-line titles, bottom bar and swipe',
		async (scheme) => {
			const context = await newContext(s.browser, { ...PHONE, colorScheme: scheme });
			const page = await context.newPage();
			const { stack } = s;
			try {
				await signInInUi(page, stack.url, 'admin');
				// The list is the page's main content, under a heading.
				await page.getByRole('main').getByRole('heading', { name: 'Unread' }).waitFor();
				// All: the entries the other theme's run read stay listed there.
				await page.getByRole('button', { name: /Feeds$/ }).click();
				await page.getByRole('button', { name: 'All', exact: true }).click();
				await entryRow(page, LONG_TITLE).waitFor({ timeout: 30_000 });

				// The header: search is an icon; no "?" and no "/" hint on a phone.
				const searchField = page.getByRole('searchbox', { name: 'Search entries' });
				expect(await searchField.isVisible()).toBe(false);
				expect(await page.getByRole('button', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);
				expect(await page.locator('kbd', { hasText: '/' }).first().isVisible()).toBe(false);
				await page.getByRole('button', { name: 'Search', exact: true }).click();
				await expect.poll(() => searchField.evaluate((el) => el === document.activeElement)).toBe(true);
				const field = (await searchField.boundingBox())!;
				expect(field.width).toBeGreaterThan(200);
				await screenshot(page, `phone-${scheme}-search-open`);
				await page.getByRole('button', { name: 'Cancel' }).click();
				expect(await searchField.isVisible()).toBe(false);

				// The sync panel stays inside the screen.
				await syncIndicator(page).click();
				const panel = page.getByRole('status').filter({ hasText: 'last synced' });
				const box = (await panel.boundingBox())!;
				expect(box.x).toBeGreaterThanOrEqual(0);
				expect(box.x + box.width).toBeLessThanOrEqual(390);
				await screenshot(page, `phone-${scheme}-sync-panel`);
				await syncIndicator(page).click();

				// A long title wraps onto two lines instead of being cut after one.
				const lines = await entryRow(page, LONG_TITLE)
					.locator('.title')
					.evaluate((el) =>
						Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))
					);
				expect(lines).toBe(2);
				await screenshot(page, `phone-${scheme}-list`);

				// The reader's bottom bar moves between entries, in list order (of All: read entries stay in it).
				await entryRow(page, TITLES[0]!).click();
				const heading = article(page).getByRole('heading', { level: 1 });
				await expect.poll(() => heading.textContent()).toBe(TITLES[0]);
				const bar = page.getByRole('navigation', { name: 'Entries' });
				const next = bar.getByRole('button', { name: 'Next' });
				const barBox = (await bar.boundingBox())!;
				expect(barBox.y + barBox.height).toBeLessThanOrEqual(844);
				expect(await bar.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
				await screenshot(page, `phone-${scheme}-reader`);
				await next.click();
				await expect.poll(() => heading.textContent()).toBe(TITLES[1]);
				await bar.getByRole('button', { name: 'Previous' }).click();
				await expect.poll(() => heading.textContent()).toBe(TITLES[0]);

				// Swiping left shows the next entry, swiping right the previous one.
				await swipeHorizontally(page, 330, 60, 400);
				await expect.poll(() => heading.textContent()).toBe(TITLES[1]);
				await swipeHorizontally(page, 330, 60, 400);
				await expect.poll(() => heading.textContent()).toBe(TITLES[2]);
				expect(await next.isDisabled()).toBe(true);
				await swipeHorizontally(page, 60, 330, 400);
				await expect.poll(() => heading.textContent()).toBe(TITLES[1]);
				const { scrollWidth, clientWidth } = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					clientWidth: document.documentElement.clientWidth
				}));
				expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
			} finally {
				await context.close();
			}
		}
	);
});
