import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { newContext } from './support/browser';
import { RESULTS_DIR, useScenario } from './support/scenario';
import { seedPush, smallFeed, subscribeTo } from './support/seed';
import { article, entryRow, sidebar, signInInUi } from './support/ui';

const SHOTS = path.join(RESULTS_DIR, 'screenshots');
const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};

const PARAGRAPH =
	'Feed readers are for reading: the text should be set the way the reader likes it, at a size and width ' +
	'that suit the screen in hand, on the phone as much as on the desktop.';

/** How the open entry's text is set. */
async function textStyle(page: Page) {
	return article(page).evaluate((el) => {
		const content = getComputedStyle(el.querySelector('.content')!);
		return {
			fontSize: content.fontSize,
			fontFamily: content.fontFamily,
			maxWidth: getComputedStyle(el).maxWidth
		};
	});
}

describe('reading settings', () => {
	const s = useScenario();

	it('sets font size, line width and typeface for the reader on this device only', async () => {
		const { stack, page } = s;
		const admin = await apiSetupAdmin(stack.url);
		stack.feeds.setFeed(
			'/essay.rss',
			smallFeed('Essays', [{ guid: 'e1', title: 'On reading', html: `<p>${PARAGRAPH}</p><p>${PARAGRAPH}</p>` }])
		);
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/essay.rss`)]);
		await signInInUi(page, stack.url, 'admin');
		await entryRow(page, 'On reading').click();
		await article(page).getByText(PARAGRAPH).first().waitFor();
		const defaults = await textStyle(page);
		expect(defaults.fontSize).toBe('16.96px');
		expect(defaults.maxWidth).toBe('704px');
		expect(defaults.fontFamily).toMatch(/sans-serif$/);

		await page.getByRole('link', { name: 'Settings' }).click();
		await page.getByLabel('Font size').selectOption({ label: 'Larger' });
		await page.getByLabel('Line width').selectOption({ label: 'Wide' });
		await page.getByRole('radio', { name: 'Serif', exact: true }).check();
		await page.getByRole('link', { name: /Back to reading/ }).click();
		await entryRow(page, 'On reading').click();
		await article(page).getByText(PARAGRAPH).first().waitFor();
		const chosen = { fontSize: '22.08px', maxWidth: '928px' };
		expect(await textStyle(page)).toMatchObject(chosen);
		expect((await textStyle(page)).fontFamily).toMatch(/Georgia.*serif$/);

		// Kept across a reload...
		await page.reload();
		// Read now, so it is listed under All.
		await sidebar(page).getByRole('button', { name: /^All/ }).click();
		await entryRow(page, 'On reading').click();
		await article(page).getByText(PARAGRAPH).first().waitFor();
		expect(await textStyle(page)).toMatchObject(chosen);

		// ...but not synced: the same user on a phone reads with the defaults, and sets the phone its own way.
		fs.mkdirSync(SHOTS, { recursive: true });
		for (const scheme of ['light', 'dark'] as const) {
			const phone = await newContext(s.browser, { ...PHONE, colorScheme: scheme });
			const phonePage = await phone.newPage();
			await signInInUi(phonePage, stack.url, 'admin');
			await phonePage.getByRole('button', { name: /Feeds$/ }).click();
			await sidebar(phonePage).getByRole('button', { name: /^All/ }).click();
			await entryRow(phonePage, 'On reading').click();
			await article(phonePage).getByText(PARAGRAPH).first().waitFor();
			expect(await textStyle(phonePage)).toMatchObject({ fontSize: defaults.fontSize });
			await phonePage.screenshot({ path: path.join(SHOTS, `reading-phone-${scheme}-default.png`) });
			await phone.close();
		}
		for (const scheme of ['light', 'dark'] as const) {
			await page.emulateMedia({ colorScheme: scheme });
			await page.screenshot({ path: path.join(SHOTS, `reading-desktop-${scheme}-larger-wide-serif.png`) });
		}
	});
});
