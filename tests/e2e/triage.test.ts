import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario } from './support/scenario';
import { queryAll } from './support/server-db';
import { seedPush, smallFeed, subscribeTo } from './support/seed';
import { article, sidebar, signInInUi } from './support/ui';

/** Six entries; the feed dates them a minute apart, the last newest, so Unread (newest first) lists 6 down to 1. */
const TITLES = ['Story 1', 'Story 2', 'Story 3', 'Story 4', 'Story 5', 'Story 6'];
const LIST_ORDER = [...TITLES].reverse();

describe('keyboard triage', () => {
	const s = useScenario();

	it('in Unread, j four times opens entries 1–4 in list order and marks exactly those read; k goes back to 3', async () => {
		const { stack, page } = s;
		const admin = await apiSetupAdmin(stack.url);
		stack.feeds.setFeed(
			'/stories.rss',
			smallFeed(
				'Stories',
				TITLES.map((title, i) => ({ guid: `s${i + 1}`, title, html: `<p>The text of ${title}.</p>` }))
			)
		);
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/stories.rss`)]);
		await signInInUi(page, stack.url, 'admin');
		const list = page.getByRole('list', { name: 'Entries in Unread' });
		const titles = () => list.locator('.title').allTextContents();
		await expect.poll(titles, { timeout: 30_000 }).toEqual(LIST_ORDER.map((t) => `Unread: ${t}`));

		for (const title of LIST_ORDER.slice(0, 4)) {
			await page.keyboard.press('j');
			await article(page).getByRole('heading', { name: title }).waitFor();
		}
		// The four read entries are still listed where they were, and only they are read.
		const expected = LIST_ORDER.map((t, i) => (i < 4 ? t : `Unread: ${t}`));
		await expect.poll(titles).toEqual(expected);
		await expect
			.poll(() =>
				sidebar(page)
					.getByRole('button', { name: /^Unread/ })
					.textContent()
			)
			.toMatch(/Unread\s*2/);
		const readOnServer = () =>
			queryAll<{ title: string }>(
				stack.databasePath,
				'SELECT e.title FROM entry_states es JOIN entries e ON e.id = es.entry_id WHERE es.read = 1 ORDER BY e.title'
			).map((r) => r.title);
		await expect.poll(readOnServer, { timeout: 30_000 }).toEqual(['Story 3', 'Story 4', 'Story 5', 'Story 6']);

		await page.keyboard.press('k');
		await article(page).getByRole('heading', { name: LIST_ORDER[2] }).waitFor();
		expect(await titles()).toEqual(expected);

		// Changing view and coming back starts the list over: the read entries have left it.
		await sidebar(page).getByRole('button', { name: /^All/ }).click();
		await sidebar(page)
			.getByRole('button', { name: /^Unread/ })
			.click();
		await expect.poll(titles).toEqual(LIST_ORDER.slice(4).map((t) => `Unread: ${t}`));
	});
});
