import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSetupAdmin, clearPushFault, setPushFault } from './support/api';
import { dragWithKeyboard, dragWithKeyboardToList, dragWithMouse } from './support/drag';
import { recordPushes, type PushLog } from './support/push-log';
import { useScenario } from './support/scenario';
import { seedLibrary, type Library } from './support/seed';
import { queryAll } from './support/server-db';
import {
	feedList,
	feedNames,
	folderNames,
	pendingCount,
	sidebar,
	signInInUi,
	syncIndicator,
	waitForReader
} from './support/ui';

interface ServerFeed {
	title: string;
	folder: string | null;
}

/**
 * The bug the design makes impossible: one drag fired N parallel PATCHes, SQLite answered BUSY, the server said
 * 401 and the app signed the person out. Here each move is one mutation in one push, and a failing server never
 * signs anyone out.
 */
describe("the predecessor's bug", () => {
	const s = useScenario();

	/** The server's sidebar: folders in order, and each list's feeds in order (order key, then id). */
	function serverFolders(): string[] {
		return queryAll<{ name: string }>(s.stack.databasePath, 'SELECT name FROM folders ORDER BY order_key, id').map(
			(r) => r.name
		);
	}
	function serverFeeds(folder: string | null): string[] {
		return queryAll<{ title: string }>(
			s.stack.databasePath,
			`SELECT s.title FROM subscriptions s LEFT JOIN folders f ON f.id = s.folder_id
			 WHERE ${folder === null ? 's.folder_id IS NULL' : 'f.name = ?'} ORDER BY s.order_key, s.id`,
			...(folder === null ? [] : [folder])
		).map((r) => r.title);
	}
	function feedOnServer(title: string): ServerFeed {
		const [row] = queryAll<ServerFeed>(
			s.stack.databasePath,
			'SELECT s.title, f.name AS folder FROM subscriptions s LEFT JOIN folders f ON f.id = s.folder_id WHERE s.title = ?',
			title
		);
		return row!;
	}

	/** Waits until the server holds the change, then checks one push carried it, alone, and nothing failed. */
	async function expectOnePush(log: PushLog, since: number, change: () => boolean, mutation: string) {
		await expect.poll(change, { timeout: 30_000 }).toBe(true);
		// The browser reports its requests a moment after sending them: wait until this one's answer is recorded too.
		const carrying = () => log.requests.slice(since).filter((r) => r.body.mutations.length > 0);
		await expect.poll(() => carrying().filter((r) => r.status !== undefined).length).toBeGreaterThanOrEqual(1);
		const carried = carrying().map((r) => r.body.mutations.map((m) => `${m.name} ${JSON.stringify(m.args)}`));
		expect(carried, JSON.stringify(carried)).toEqual([[expect.stringMatching(new RegExp(`^${mutation} `))]]);
		expect(carrying()[0]!.status).toBe(200);
	}

	async function expectStillSignedIn(page: Page) {
		expect(new URL(page.url()).pathname).toBe('/');
		await sidebar(page).waitFor();
		expect(await page.getByText('Your session has ended').count()).toBe(0);
	}

	async function expectUiMatchesServer(page: Page, library: Library) {
		await expect.poll(() => folderNames(page)).toEqual(serverFolders());
		for (const folder of [...library.folders.map((f) => f.name), null]) {
			if (folder !== null && !(await feedList(page, folder).isVisible())) continue;
			expect(await feedNames(feedList(page, folder))).toEqual(serverFeeds(folder));
		}
	}

	it('moves and reorders by mouse and keyboard with one push each, and rides out 503s signed in', async () => {
		const { page, stack, context } = s;
		const admin = await apiSetupAdmin(stack.url);
		const library = await seedLibrary(stack.url, admin.token, stack.feeds, {
			folderCount: 5,
			perFolder: 25,
			topLevel: 25
		});
		expect(queryAll(stack.databasePath, 'SELECT count(*) AS n FROM subscriptions')).toEqual([{ n: 150 }]);

		// Every feed fetched and synced first, so no pull reshapes the sidebar under the pointer.
		await expect
			.poll(
				() => queryAll(stack.databasePath, 'SELECT count(*) AS n FROM feeds WHERE last_fetched_at IS NOT NULL')[0],
				{ timeout: 60_000 }
			)
			.toEqual({ n: 150 });
		await signInInUi(page, stack.url, 'admin');
		await sidebar(page)
			.getByRole('button', { name: /^Unread.*150/ })
			.waitFor({ timeout: 30_000 });
		await expect.poll(() => syncIndicator(page).textContent()).toMatch(/Synced/);
		await expectUiMatchesServer(page, library);
		const log = recordPushes(context);

		// 1. Mouse: the last feed of Folder 1 is dropped onto the first feeds of Folder 2.
		let since = log.requests.length;
		const moved = (await feedNames(feedList(page, 'Folder 1'))).at(-1)!;
		await dragWithMouse(
			page,
			feedList(page, 'Folder 1').getByLabel(`Drag ${moved};`, { exact: false }),
			feedList(page, 'Folder 2').locator(':scope > li').nth(1)
		);
		await expectOnePush(log, since, () => feedOnServer(moved).folder === 'Folder 2', 'subscription.update');
		await expectUiMatchesServer(page, library);
		await expectStillSignedIn(page);

		// 2. Keyboard: a feed of Folder 2 moves up three places (svelte-dnd-action reports a drop at every arrow
		// step; the move is written once, when Space puts the feed down).
		since = log.requests.length;
		const raised = serverFeeds('Folder 2')[5]!;
		await dragWithKeyboard(page, feedList(page, 'Folder 2').getByLabel(`Drag ${raised};`, { exact: false }), [
			'ArrowUp',
			'ArrowUp',
			'ArrowUp'
		]);
		await expectOnePush(log, since, () => serverFeeds('Folder 2').indexOf(raised) === 2, 'subscription.update');
		await expectUiMatchesServer(page, library);

		// 3. Keyboard: a feed of Folder 2 is picked up, Tab takes it to the next folder's list, Space drops it there.
		since = log.requests.length;
		const carried = serverFeeds('Folder 2')[0]!;
		await dragWithKeyboardToList(
			page,
			feedList(page, 'Folder 2').getByLabel(`Drag ${carried};`, { exact: false }),
			feedList(page, 'Folder 3')
		);
		await expectOnePush(log, since, () => feedOnServer(carried).folder === 'Folder 3', 'subscription.update');
		await expectUiMatchesServer(page, library);

		// 4. Folders collapsed so their rows sit together; the mouse drags Folder 3 above Folder 1.
		for (const folder of library.folders) {
			await sidebar(page)
				.getByRole('button', { name: `Collapse ${folder.name}` })
				.click();
		}
		since = log.requests.length;
		await dragWithMouse(
			page,
			sidebar(page).getByLabel('Drag folder Folder 3;', { exact: false }),
			sidebar(page).getByLabel('Drag folder Folder 1;', { exact: false })
		);
		await expectOnePush(log, since, () => serverFolders()[0] === 'Folder 3', 'folder.reorder');
		await expectUiMatchesServer(page, library);

		// 5. Keyboard: Folder 5 moves up two places, written once.
		since = log.requests.length;
		await dragWithKeyboard(page, sidebar(page).getByLabel('Drag folder Folder 5;', { exact: false }), [
			'ArrowUp',
			'ArrowUp'
		]);
		await expectOnePush(log, since, () => serverFolders().at(-3) === 'Folder 5', 'folder.reorder');
		await expectUiMatchesServer(page, library);
		await expectStillSignedIn(page);

		// 6. The server answers 503 to every push for a while: the person stays signed in and sees the change pending.
		await setPushFault(stack.url, 1_000_000);
		const failedBefore = log.withStatus(503);
		const stuck = serverFeeds(null)[3]!;
		await dragWithKeyboard(page, feedList(page, null).getByLabel(`Drag ${stuck};`, { exact: false }), ['ArrowUp']);
		await expect.poll(() => log.withStatus(503) - failedBefore, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
		expect(serverFeeds(null).indexOf(stuck)).toBe(3);
		await expect.poll(() => pendingCount(page)).toBe(1);
		await expectStillSignedIn(page);

		// A reload while the server still fails: still signed in, the change still waiting.
		await page.reload();
		await waitForReader(page);
		await expect.poll(() => pendingCount(page)).toBe(1);
		await expectStillSignedIn(page);

		// 7. The server recovers: the waiting change lands and the indicator settles.
		const { served } = await clearPushFault(stack.url);
		expect(served).toBeGreaterThanOrEqual(2);
		// The engine's next retry comes after its backoff (full jitter, at most 60 s), never sooner than Retry-After.
		await expect.poll(() => serverFeeds(null).indexOf(stuck), { timeout: 90_000 }).toBe(2);
		await expect.poll(() => syncIndicator(page).textContent(), { timeout: 30_000 }).toMatch(/Synced/);
		await expectUiMatchesServer(page, library);
		await expectStillSignedIn(page);
		expect(log.requests.some((r) => r.status === 401)).toBe(false);
	}, 300_000);
});
