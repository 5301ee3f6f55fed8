import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { apiSetupAdmin, apiSignup, PASSWORD } from './support/api';
import { useScenario } from './support/scenario';
import { seedPush, subscribeTo } from './support/seed';
import { screenshot } from './support/shots';
import { feedButton, signInInUi, sidebar, syncIndicator, waitForReader } from './support/ui';

describe('the smaller defects of the reading flow (desktop)', () => {
	const s = useScenario();

	it('"Refresh now" on a failing feed says it still fails, never "Refreshed"', async () => {
		const { page, stack } = s;
		const admin = await apiSetupAdmin(stack.url);
		const url = `${stack.feeds.url}/_/status/500`;
		await seedPush(stack.url, admin.token, [subscribeTo(url)]);
		await signInInUi(page, stack.url, 'admin');
		await feedButton(page, url).getByText('failing', { exact: false }).waitFor({ timeout: 30_000 });

		await page.getByLabel(`Actions for ${url}`, { exact: true }).click();
		const menu = sidebar(page).locator('details[open]');
		const hits = stack.feeds.hits('/_/status/500');
		await menu.getByRole('button', { name: 'Refresh now' }).click();
		const notice = menu.getByRole('status');
		await expect.poll(() => notice.textContent(), { timeout: 30_000 }).not.toBe('Refreshing…');
		expect(stack.feeds.hits('/_/status/500')).toBeGreaterThan(hits);
		expect(await notice.textContent()).toMatch(/^Still failing: .*500/);
		await screenshot(page, 'small-desktop-refresh-failing');
	});

	it('keeps page titles true after leaving settings, admin, and signing out; says which password is wrong; shows storage sensibly', async () => {
		const { page, stack } = s;
		await apiSetupAdmin(stack.url);
		await signInInUi(page, stack.url, 'admin');
		await expect.poll(() => page.title()).toBe('Unread · Tidings');

		await page.getByRole('link', { name: 'Settings' }).click();
		await expect.poll(() => page.title()).toBe('Settings · Tidings');
		await page.getByRole('link', { name: 'Administration' }).click();
		await expect.poll(() => page.title()).toBe('Administration · Tidings');
		await page.getByRole('link', { name: '‹ Back to reading' }).click();
		await waitForReader(page);
		await expect.poll(() => page.title()).toBe('Unread · Tidings');

		await page.getByRole('link', { name: 'Settings' }).click();
		const storage = page.getByRole('region', { name: 'Storage on this device' });
		await expect
			.poll(() => storage.locator('p').first().textContent())
			.toMatch(/^\d+(\.\d)? (MB|GB) used of \d+(\.\d)? (MB|GB|TB) available\.$/);

		const passwords = page.getByRole('region', { name: 'Password' });
		await passwords.getByLabel('Current password').fill('not my password');
		await passwords.getByLabel('New password').fill('a brand new password');
		await passwords.getByRole('button', { name: 'Change password' }).click();
		await expect.poll(() => passwords.getByRole('alert').textContent()).toMatch(/^The current password is wrong/);
		await screenshot(page, 'small-desktop-settings');

		await page.getByRole('button', { name: 'Sign out', exact: true }).click();
		await page.waitForURL('**/login');
		await expect.poll(() => page.title()).toBe('Sign in · Tidings');
	});

	it('"Sign in again as alice" fills in alice', async () => {
		const { page, stack } = s;
		const admin = await apiSetupAdmin(stack.url);
		await apiSignup(stack.url, admin.token, 'alice');
		const token = await signInInUi(page, stack.url, 'alice');
		const unauthorized = page.waitForResponse((r) => r.url().includes('/api/sync/') && r.status() === 401);
		expect((await call(stack.url, 'POST', '/api/auth/logout', { token })).status).toBeLessThan(300);
		await syncIndicator(page).click();
		await page.getByRole('button', { name: 'Sync now' }).click();
		await unauthorized;
		await page.getByRole('link', { name: 'Sign in again' }).click();
		await page.waitForURL('**/login');
		await page.getByText('Sign in again as alice').waitFor();
		expect(await page.getByLabel('Username').inputValue()).toBe('alice');
		await page.getByLabel('Password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await waitForReader(page);
	});
});
