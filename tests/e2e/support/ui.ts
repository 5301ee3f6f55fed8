import type { Locator, Page } from 'playwright-core';
import { PASSWORD } from './api';

/**
 * What a person does and sees, in the words the app shows (roles and labels), so the scenarios read like the
 * issue's steps and survive changes of markup.
 */

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function sidebar(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Feeds' });
}

/** The reader is there once its top bar shows the sync indicator (phones show one pane: the list or the sidebar). */
export async function waitForReader(page: Page): Promise<void> {
	await syncIndicator(page).waitFor();
}

export async function fillCredentials(page: Page, username: string): Promise<void> {
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(PASSWORD);
}

export async function setUpAdminInUi(page: Page, url: string, username = 'admin'): Promise<void> {
	await page.goto(url);
	await page.waitForURL('**/setup');
	await fillCredentials(page, username);
	await page.getByRole('button', { name: 'Create admin account' }).click();
	await waitForReader(page);
}

/** Signs in on the login page; answers the token the app got, for tests that end that session elsewhere. */
export async function signInInUi(page: Page, url: string, username: string): Promise<string> {
	if (!page.url().endsWith('/login')) await page.goto(`${url}/login`);
	await fillCredentials(page, username);
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.status() === 200),
		page.getByRole('button', { name: 'Sign in' }).click()
	]);
	await waitForReader(page);
	return ((await response.json()) as { token: string }).token;
}

/** A feed's button in the sidebar; its name starts with the title and goes on with the unread count. */
export function feedButton(page: Page, title: string): Locator {
	return sidebar(page).getByRole('button', { name: new RegExp(`^${escapeRegExp(title)}\\s*(,|$)`) });
}

export function folderButton(page: Page, name: string): Locator {
	return sidebar(page).getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}\\s*(,|$)`) });
}

/** The list of feeds inside a folder, or outside any folder with null. */
export function feedList(page: Page, folderName: string | null): Locator {
	return sidebar(page).getByRole('list', {
		name: folderName === null ? 'Feeds outside folders' : `Feeds in ${folderName}`,
		exact: true
	});
}

/** The names of the feeds a list shows, in order. */
export async function feedNames(list: Locator): Promise<string[]> {
	return list.locator(':scope > li .name').allTextContents();
}

export async function folderNames(page: Page): Promise<string[]> {
	return sidebar(page).getByRole('list', { name: 'Folders', exact: true }).locator('.folder .name').allTextContents();
}

export function entryRow(page: Page, title: string): Locator {
	return page
		.getByRole('list', { name: /^Entries in / })
		.getByRole('button', { name: new RegExp(escapeRegExp(title)) });
}

export function article(page: Page): Locator {
	return page.getByRole('region', { name: 'Entry', exact: true }).locator('article');
}

/** The sync indicator's summary: "Synced", "Offline", "3 pending", "Sync problem (3)". */
export function syncIndicator(page: Page): Locator {
	return page.locator('summary[aria-label^="Sync:"]');
}

export async function pendingCount(page: Page): Promise<number> {
	const text = (await syncIndicator(page).textContent()) ?? '';
	const match = /(\d+)\s*pending|\((\d+)\)/.exec(text);
	return match ? Number(match[1] ?? match[2]) : 0;
}

export async function openSubscribeDialog(page: Page): Promise<Locator> {
	await sidebar(page).getByRole('button', { name: 'Subscribe…' }).click();
	// By its heading, not its accessible name: every Dialog labels itself with the same id (reported to the UI owner).
	const dialog = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: 'Subscribe to a feed' }) });
	await dialog.waitFor();
	return dialog;
}

export async function createFolderInUi(page: Page, name: string): Promise<void> {
	await page.getByLabel('New folder name').fill(name);
	await sidebar(page).getByRole('button', { name: 'Add', exact: true }).click();
	await folderButton(page, name).waitFor();
}

/** Uses the feed's menu ("Actions for …") to move it into a folder: the keyboard-free path a person can use too. */
export async function moveFeedWithMenu(page: Page, title: string, folderName: string | null): Promise<void> {
	const summary = page.getByLabel(`Actions for ${title}`, { exact: true });
	const menu = sidebar(page).locator('details', { has: summary });
	await menu.locator('summary').click();
	await menu.getByLabel('Move to folder').selectOption({ label: folderName ?? 'No folder' });
}
