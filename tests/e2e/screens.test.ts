import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { newContext } from './support/browser';
import { tabThrough } from './support/keyboard';
import { RESULTS_DIR, useScenario } from './support/scenario';
import { article, entryRow, fillCredentials, sidebar, signInInUi } from './support/ui';
import { seedPush, subscribeTo } from './support/seed';

const SHOTS = path.join(RESULTS_DIR, 'screenshots');
const ENTRY_TITLE = 'With guid & content:encoded';

const DEVICES: Record<string, BrowserContextOptions> = {
	phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
	desktop: { viewport: { width: 1440, height: 900 } }
};

async function noHorizontalScroll(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
	return page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		clientWidth: document.documentElement.clientWidth
	}));
}

describe('phone and desktop, light and dark', () => {
	const s = useScenario({ shareStack: true });
	beforeAll(() => seed());

	async function seed() {
		const admin = await apiSetupAdmin(s.stack.url);
		const folderId = randomUUID();
		await seedPush(s.stack.url, admin.token, [
			{ name: 'folder.create', args: { folderId, name: 'Around the world', orderKey: 'a0' } },
			...['formats/rss-2.0.rss', 'formats/atom-1.0.atom', 'formats/rtl-arabic.rss'].map((feed, i) =>
				subscribeTo(`${s.stack.feeds.url}/${feed}`, i === 0 ? null : folderId, `a${i}`)
			)
		]);
	}

	it.each(
		Object.keys(DEVICES).flatMap((device) => (['light', 'dark'] as const).map((scheme) => [device, scheme] as const))
	)(
		'%s in %s: screenshots, no horizontal scrolling on the phone, every control reachable by keyboard',
		async (device, scheme) => {
			fs.mkdirSync(SHOTS, { recursive: true });
			const context = await newContext(s.browser, { ...DEVICES[device], colorScheme: scheme });
			const page = await context.newPage();
			const phone = device === 'phone';
			const shot = async (name: string) => {
				await page.screenshot({ path: path.join(SHOTS, `${device}-${scheme}-${name}.png`) });
				if (phone) {
					const { scrollWidth, clientWidth } = await noHorizontalScroll(page);
					expect(scrollWidth, `${name} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
				}
			};
			try {
				await page.goto(`${s.stack.url}/login`);
				await fillCredentials(page, 'admin');
				await shot('login');
				await signInInUi(page, s.stack.url, 'admin');
				// Phones show one pane at a time and start on the list.
				if (phone) await page.getByRole('button', { name: /Feeds$/ }).click();
				await sidebar(page)
					.getByRole('button', { name: /^Around the world/ })
					.waitFor({ timeout: 30_000 });
				await shot('sidebar');

				const controls = await tabThrough(page);
				for (const expected of [
					// Phones show search as an icon that opens the field.
					phone ? /^Search$/ : /^Search entries$/,
					/^Sync:/,
					/^Settings$/,
					/^Unread/,
					/^Starred/,
					/^All$/,
					/^Subscribe…$/,
					/^New folder name$/,
					/^Drag /,
					/^Actions for /
				]) {
					expect(controls, `Tab never reaches ${expected}`).toContainEqual(expect.stringMatching(expected));
				}

				await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
				await entryRow(page, ENTRY_TITLE).waitFor({ timeout: 30_000 });
				await shot('list');

				await entryRow(page, ENTRY_TITLE).click();
				await article(page).getByText('Long content').waitFor();
				await shot('entry');
				const inReader = await tabThrough(page);
				for (const expected of [/^Mark unread$/, /Star$/, /^Open original$/]) {
					expect(inReader, `Tab never reaches ${expected}`).toContainEqual(expect.stringMatching(expected));
				}
				// On a wide screen the list stays reachable beside the reader.
				if (!phone) expect(inReader).toContainEqual(expect.stringMatching(/With guid/));

				// A right-to-left entry is shown right-to-left.
				if (phone) await page.getByRole('button', { name: /List$/ }).click();
				await entryRow(page, 'عنوان الخبر الأول').click();
				await expect.poll(() => article(page).getAttribute('dir')).toBe('rtl');
				await shot('entry-rtl');

				await page.goto(`${s.stack.url}/settings`);
				await page.getByRole('heading').first().waitFor();
				await shot('settings');
			} finally {
				await context.close();
			}
		}
	);
});
