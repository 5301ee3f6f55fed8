import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { recordPushes } from './support/push-log';
import { useScenario } from './support/scenario';
import { queryAll, queryOne } from './support/server-db';
import { serverRequests } from './support/server-log';
import { seedPush } from './support/seed';
import {
	article,
	createFolderInUi,
	entryRow,
	feedButton,
	feedList,
	moveFeedWithMenu,
	pendingCount,
	sidebar,
	signInInUi,
	syncIndicator,
	waitForReader
} from './support/ui';

const RSS_TITLE = 'Example “Feed” — RSS 2.0';
const ENTRY_TITLE = 'With guid & content:encoded';

describe('offline', () => {
	const s = useScenario();

	it('starts from the service worker offline, queues every action, and drains the queue in one push', async () => {
		const { page, stack, context } = s;
		const admin = await apiSetupAdmin(stack.url);
		const newsId = randomUUID();
		const subscriptionId = randomUUID();
		await seedPush(stack.url, admin.token, [
			{ name: 'folder.create', args: { folderId: newsId, name: 'News', orderKey: 'a0' } },
			{
				name: 'subscription.create',
				args: { subscriptionId, url: `${stack.feeds.url}/formats/rss-2.0.rss`, folderId: null, orderKey: 'a0' }
			}
		]);
		await expect
			.poll(() => queryOne<{ n: number }>(stack.databasePath, 'SELECT count(*) AS n FROM entries')?.n, {
				timeout: 30_000
			})
			.toBeGreaterThan(0);

		// Online: sign in, sync, and let the service worker take control so the app can start without a network.
		await signInInUi(page, stack.url, 'admin');
		await entryRow(page, ENTRY_TITLE).waitFor({ timeout: 30_000 });
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
		await expect.poll(() => syncIndicator(page).textContent()).toMatch(/Synced/);

		await context.setOffline(true);
		const offlineStart = await page.reload();
		expect(offlineStart?.fromServiceWorker()).toBe(true);
		await waitForReader(page);
		await expect.poll(() => syncIndicator(page).textContent()).toMatch(/Offline/);
		await feedButton(page, RSS_TITLE).waitFor();

		// Read and star an entry: its content is on the device.
		await entryRow(page, ENTRY_TITLE).click();
		await article(page).getByText('Long content').waitFor();
		await article(page).getByRole('button', { name: 'Mark unread' }).waitFor();
		await article(page).getByRole('button', { name: /Star/, pressed: false }).click();
		await article(page).getByRole('button', { name: /Star/, pressed: true }).waitFor();

		// Move the feed into News, and create a folder.
		await moveFeedWithMenu(page, RSS_TITLE, 'News');
		await expect.poll(() => feedList(page, 'News').getByText(RSS_TITLE).count()).toBe(1);
		await createFolderInUi(page, 'Made offline');
		await expect.poll(() => pendingCount(page)).toBe(4);

		// Nothing reached the server while offline.
		const entryState = () =>
			queryOne<{ read: number; starred: number }>(
				stack.databasePath,
				'SELECT es.read, es.starred FROM entry_states es JOIN entries e ON e.id = es.entry_id WHERE e.title = ?',
				ENTRY_TITLE
			);
		expect(entryState()).toBeUndefined();
		expect(queryAll(stack.databasePath, "SELECT 1 FROM folders WHERE name = 'Made offline'")).toEqual([]);

		// Online again: one push carries the four changes. The server's request log says what arrived; the browser's
		// network events say what each attempt carried. Chromium may fail the first attempt while its network comes
		// back, and a retry then resends the same batch.
		const log = recordPushes(context);
		const serverPushes = serverRequests(stack, '/api/sync/push');
		await context.setOffline(false);
		await expect.poll(() => pendingCount(page), { timeout: 60_000 }).toBe(0);
		// Polled as a whole, so that a failure prints both sides.
		const seen = () => ({ browser: log.requests, server: serverPushes() });
		type Seen = ReturnType<typeof seen>;
		await expect.poll(seen).toSatisfy(({ server }: Seen) => server.some((r) => r.status === 200));
		const batch = ['entry.setRead', 'entry.setStarred', 'folder.create', 'subscription.update'].sort();
		const carrying = log.requests.filter((r) => r.body.mutations.length > 0);
		for (const attempt of carrying) expect(attempt.body.mutations.map((m) => m.name).sort()).toEqual(batch);
		const failedAttempts = carrying.filter((r) => r.failure !== undefined).length;
		expect(seen()).toSatisfy(({ server }: Seen) => server.length <= 1 + failedAttempts);

		expect(entryState()).toEqual({ read: 1, starred: 1 });
		expect(queryOne(stack.databasePath, 'SELECT folder_id FROM subscriptions WHERE id = ?', subscriptionId)).toEqual({
			folder_id: newsId
		});
		expect(queryAll(stack.databasePath, "SELECT name FROM folders WHERE name = 'Made offline'")).toHaveLength(1);
		await expect.poll(() => syncIndicator(page).textContent()).toMatch(/Synced/);
		await sidebar(page).waitFor();
	});
});
