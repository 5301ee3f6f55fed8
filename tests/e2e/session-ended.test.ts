import { describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { apiSetupAdmin, apiSignup } from './support/api';
import { recordPushes } from './support/push-log';
import { useScenario } from './support/scenario';
import { queryAll, queryOne } from './support/server-db';
import { article, createFolderInUi, entryRow, pendingCount, signInInUi, waitForReader } from './support/ui';
import { seedPush, subscribeTo } from './support/seed';

const ENTRY_TITLE = 'With guid & content:encoded';

describe('session ended elsewhere', () => {
	const s = useScenario();

	it('asks to sign in after a 401, keeps the changes, pushes them for the same user only', async () => {
		const { page, stack, context } = s;
		const admin = await apiSetupAdmin(stack.url);
		const bob = await apiSignup(stack.url, admin.token, 'bob');
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/formats/rss-2.0.rss`)]);

		const adminToken = await signInInUi(page, stack.url, 'admin');
		await entryRow(page, ENTRY_TITLE).waitFor({ timeout: 30_000 });

		// The session ends on the server (signed out on another device, say).
		const log = recordPushes(context);
		const unauthorized = page.waitForResponse((r) => r.url().includes('/api/sync/') && r.status() === 401);
		expect((await call(stack.url, 'POST', '/api/auth/logout', { token: adminToken })).status).toBeLessThan(300);

		// Changes made now are kept; the next sync gets a 401.
		await entryRow(page, ENTRY_TITLE).click();
		await article(page).getByRole('button', { name: /Star/, pressed: false }).click();
		await createFolderInUi(page, 'Before sign-in');
		await unauthorized;

		// The app asks to sign in, and keeps the changes.
		const banner = page.getByRole('alert').filter({ hasText: 'Your session has ended' });
		await banner.waitFor();
		await expect.poll(() => pendingCount(page)).toBe(3);
		await expect.poll(() => banner.textContent()).toMatch(/3 unsynced changes are kept/);
		expect(queryAll(stack.databasePath, "SELECT 1 FROM folders WHERE name = 'Before sign-in'")).toEqual([]);

		// Another person signs in on this device: the changes are never pushed under their name.
		await banner.getByRole('link', { name: 'Sign in again' }).click();
		await page.waitForURL('**/login');
		const bobPulled = page.waitForResponse((r) => r.url().endsWith('/api/sync/pull') && r.status() === 200);
		const bobToken = await signInInUi(page, stack.url, 'bob');
		await bobPulled;
		expect(await page.getByText('Before sign-in').count()).toBe(0);
		const pushedAsBob = log.requests.filter((r) => r.body.mutations.length > 0 && r.status !== 401);
		expect(pushedAsBob).toEqual([]);
		expect(queryAll(stack.databasePath, 'SELECT 1 FROM folders')).toEqual([]);
		expect(queryAll(stack.databasePath, 'SELECT * FROM entry_states WHERE user_id = ?', bob.user.id)).toEqual([]);

		// Bob's session ends too, and the admin signs in again: the kept changes land, as the admin.
		expect((await call(stack.url, 'POST', '/api/auth/logout', { token: bobToken })).status).toBeLessThan(300);
		await page.goto(`${stack.url}/login`);
		await signInInUi(page, stack.url, 'admin');
		await waitForReader(page);
		await expect
			.poll(() => queryAll(stack.databasePath, "SELECT user_id FROM folders WHERE name = 'Before sign-in'"), {
				timeout: 30_000
			})
			.toEqual([{ user_id: admin.user.id }]);
		expect(
			queryOne(
				stack.databasePath,
				'SELECT es.user_id, es.read, es.starred FROM entry_states es JOIN entries e ON e.id = es.entry_id WHERE e.title = ?',
				ENTRY_TITLE
			)
		).toEqual({ user_id: admin.user.id, read: 1, starred: 1 });
		await expect.poll(() => pendingCount(page)).toBe(0);
	});
});
