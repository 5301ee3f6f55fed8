import type { TidingsDb } from '../../../src/lib/db/database';
import { makeEntry, makeSubscription } from '../db/fresh-db';

export const NEWS = '00000000-0000-4000-8000-0000000000f1';
export const IN_NEWS = '00000000-0000-4000-8000-000000000001';
export const TOP_A = '00000000-0000-4000-8000-000000000002';
export const FAILING = '00000000-0000-4000-8000-000000000003';

/**
 * A small account as a pull would leave it: a folder with one feed, two top-level feeds (one failing), and
 * entries of which some are read, one is starred and one is right-to-left.
 */
export async function seedAccount(db: TidingsDb): Promise<void> {
	await db.folders.put({ id: NEWS, name: 'News', orderKey: 'a0' });
	await db.subscriptions.bulkPut([
		{ ...makeSubscription(IN_NEWS, 1, NEWS, 'a0'), feedTitle: 'Daily Planet' },
		{ ...makeSubscription(TOP_A, 2, null, 'a0'), feedTitle: 'Gazette' },
		{
			...makeSubscription(FAILING, 3, null, 'a1'),
			feedTitle: 'Broken Feed',
			error: { message: 'the site answered 404 Not Found', httpStatus: 404, consecutive: 3, gone: false }
		}
	]);
	await db.entries.bulkPut([
		makeEntry(1, 1, { title: 'Planet one', read: 1 }),
		makeEntry(2, 1, { title: 'Planet two' }),
		makeEntry(3, 1, {
			title: 'Planet three',
			content: '<p>Safe text</p><script>window.hacked = true</script><img src="https://img.test/a.png" onerror="x()">'
		}),
		makeEntry(4, 2, { title: 'Gazette starred', starred: 1 }),
		makeEntry(5, 2, { title: 'خبر عاجل', dir: 'rtl', language: 'ar', content: '<p>نص عربي</p>' })
	]);
}
