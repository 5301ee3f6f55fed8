import { beforeAll, describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { axeViolations } from './support/axe';
import { newContext } from './support/browser';
import { useScenario } from './support/scenario';
import { seedPush, subscribeTo } from './support/seed';
import { DESKTOP, PHONE, screenshot } from './support/shots';
import { article, entryRow, fillCredentials, sidebar, signInInUi } from './support/ui';

const ENTRY_TITLE = 'With guid & content:encoded';

describe('axe-core finds no violations', () => {
	const s = useScenario({ shareStack: true });
	beforeAll(async () => {
		const admin = await apiSetupAdmin(s.stack.url);
		await seedPush(s.stack.url, admin.token, [subscribeTo(`${s.stack.feeds.url}/formats/rss-2.0.rss`)]);
	});

	it.each([
		['desktop', 'light'],
		['desktop', 'dark'],
		['phone', 'light'],
		['phone', 'dark']
	] as const)('%s, %s theme: login, list, reader, settings', async (device, scheme) => {
		const context = await newContext(s.browser, { ...(device === 'phone' ? PHONE : DESKTOP), colorScheme: scheme });
		const page = await context.newPage();
		const check = async (name: string) => {
			await screenshot(page, `axe-${device}-${scheme}-${name}`);
			expect(await axeViolations(page), `${name}: ${device}, ${scheme}`).toEqual([]);
		};
		try {
			await page.goto(`${s.stack.url}/login`);
			await fillCredentials(page, 'admin');
			await check('login');
			await signInInUi(page, s.stack.url, 'admin');
			if (device === 'phone') await page.getByRole('button', { name: /Feeds$/ }).click();
			await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
			await entryRow(page, ENTRY_TITLE).waitFor({ timeout: 30_000 });
			await check('list');
			await entryRow(page, ENTRY_TITLE).click();
			await article(page).getByText('Long content').waitFor();
			await check('reader');
			await page.goto(`${s.stack.url}/settings`);
			await page.getByRole('heading', { name: 'Settings' }).waitFor();
			await page.getByText(/used of/).waitFor();
			await check('settings');
		} finally {
			await context.close();
		}
	});
});
