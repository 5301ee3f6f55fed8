import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSetupAdmin, PASSWORD } from './support/api';
import { newContext } from './support/browser';
import { useScenario } from './support/scenario';
import { queryAll, queryOne } from './support/server-db';
import { createFolderInUi, entryRow, openSubscribeDialog, pendingCount, signInInUi, waitForReader } from './support/ui';

const ENTRY_TITLE = 'With guid & content:encoded';

function sessionEndedBanner(page: Page) {
	return page.getByRole('alert').filter({ hasText: 'Your session has ended' });
}

async function subscribeInUi(page: Page, feedUrl: string): Promise<void> {
	const dialog = await openSubscribeDialog(page);
	await dialog.getByLabel('Website or feed address').fill(feedUrl);
	await dialog.getByRole('button', { name: 'Find feeds' }).click();
	await dialog.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await dialog.waitFor({ state: 'hidden' });
}

describe('accounts for a household', () => {
	const s = useScenario();

	it('an invited person signs up while sign-up is closed; disabled, their app asks to sign in and keeps their changes', async () => {
		const { page, stack, browser } = s;
		await apiSetupAdmin(stack.url);
		await signInInUi(page, stack.url, 'admin');
		await page.goto(`${stack.url}/admin`);
		await page.getByRole('button', { name: 'Create invitation link' }).click();
		const link = await page.getByLabel('Invitation link').inputValue();
		expect(link).toMatch(new RegExp(`^${stack.url}/signup\\?invitation=[\\w-]+$`));

		// The invited person, in a browser of their own.
		const guestContext = await newContext(browser);
		try {
			const guest = await guestContext.newPage();
			await guest.goto(link);
			await guest.getByText('You were invited').waitFor();
			await guest.getByLabel('Username').fill('carol');
			await guest.getByLabel('Password').fill(PASSWORD);
			await guest.getByRole('button', { name: 'Create account' }).click();
			await waitForReader(guest);
			const carolId = queryOne<{ id: number }>(stack.databasePath, "SELECT id FROM users WHERE username = 'carol'")!.id;
			await subscribeInUi(guest, `${stack.feeds.url}/formats/rss-2.0.rss`);
			await expect
				.poll(() => queryAll(stack.databasePath, 'SELECT 1 FROM subscriptions WHERE user_id = ?', carolId).length, {
					timeout: 30_000
				})
				.toBe(1);
			await entryRow(guest, ENTRY_TITLE).waitFor({ timeout: 30_000 });
			await page.reload();
			await expect.poll(() => page.getByRole('list', { name: 'Invitations' }).textContent()).toMatch(/used by carol/);

			// The admin disables carol: her open app shows the banner, not a crash, and keeps what she does meanwhile.
			await page.getByRole('listitem').filter({ hasText: 'carol' }).getByRole('button', { name: 'Disable' }).click();
			await page.getByRole('status').filter({ hasText: 'carol is disabled' }).waitFor();
			await createFolderInUi(guest, 'Made while disabled');
			await sessionEndedBanner(guest).waitFor({ timeout: 30_000 });
			await expect.poll(() => pendingCount(guest)).toBe(1);
			const refused = await guest.request.post(`${stack.url}/api/auth/login`, {
				data: { username: 'carol', password: PASSWORD }
			});
			expect(refused.status()).toBe(403);

			// Enabled again, she signs in, and the change she queued lands.
			await page.getByRole('listitem').filter({ hasText: 'carol' }).getByRole('button', { name: 'Enable' }).click();
			await page.getByRole('status').filter({ hasText: 'carol is enabled again' }).waitFor();
			await sessionEndedBanner(guest).getByRole('link', { name: 'Sign in again' }).click();
			await guest.waitForURL('**/login');
			await signInInUi(guest, stack.url, 'carol');
			await expect
				.poll(() => queryAll(stack.databasePath, "SELECT user_id FROM folders WHERE name = 'Made while disabled'"), {
					timeout: 30_000
				})
				.toEqual([{ user_id: carolId }]);
			await expect.poll(() => pendingCount(guest)).toBe(0);
		} finally {
			await guestContext.close();
		}
	});

	it('signs out another device from settings; that device is asked to sign in at its next sync', async () => {
		const { page, stack, browser } = s;
		await apiSetupAdmin(stack.url);
		const phoneContext = await newContext(browser, {
			userAgent:
				'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
		});
		try {
			const phone = await phoneContext.newPage();
			await signInInUi(phone, stack.url, 'admin');
			await signInInUi(page, stack.url, 'admin');
			await page.goto(`${stack.url}/settings`);
			const devices = page.getByRole('region', { name: 'Devices' });
			await devices.getByText('This device').waitFor();
			await devices.getByRole('button', { name: 'Sign out Chrome on Android' }).click();
			await page.getByRole('status').filter({ hasText: 'Chrome on Android is signed out' }).waitFor();

			await createFolderInUi(phone, 'After sign-out');
			await sessionEndedBanner(phone).waitFor({ timeout: 30_000 });
			expect(queryAll(stack.databasePath, "SELECT 1 FROM folders WHERE name = 'After sign-out'")).toEqual([]);
			await expect.poll(() => pendingCount(phone)).toBe(1);
		} finally {
			await phoneContext.close();
		}
	});
});
