import { beforeEach, describe, expect, it } from 'vitest';
import type { Sql, Store } from '../../../server/db/sql';
import { currentVersion, nextVersion } from '../../../server/db/version';
import { migratedPgStores } from './pg-store-for-tests';

/** A promise and the function that settles it, to hold a transaction open until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
	let open!: () => void;
	const wait = new Promise<void>((resolve) => (open = resolve));
	return { wait, open };
}

describe('the change counter on PostgreSQL', () => {
	let store: Store;
	let cookie: number;
	const pulled: string[] = [];

	beforeEach(async () => {
		store = (await migratedPgStores())[0]!;
		await store.run('CREATE TABLE probe (note TEXT PRIMARY KEY, version BIGINT NOT NULL)');
		cookie = await currentVersion(store);
		pulled.length = 0;
		return () => store.close();
	});

	/** What a pull does: read the counter, then every row above the cookie up to it, and move the cookie. */
	async function pull(): Promise<string[]> {
		const upTo = await currentVersion(store);
		const rows = await store.all<{ note: string }>(
			'SELECT note FROM probe WHERE version > ? AND version <= ? ORDER BY version',
			[cookie, upTo]
		);
		cookie = upTo;
		pulled.push(...rows.map((r) => r.note));
		return rows.map((r) => r.note);
	}

	async function stamp(tx: Sql, note: string): Promise<void> {
		const version = await nextVersion(tx);
		await tx.run('INSERT INTO probe (note, version) VALUES (?, ?)', [note, version]);
	}

	/** Whether `writer` ends up waiting for a lock (the earlier writer's) or commits without waiting. */
	async function waitsForALock(writer: Promise<unknown>): Promise<boolean> {
		let committed = false;
		void writer.then(() => (committed = true));
		while (!committed) {
			const waiting = await store.get<{ n: number }>(
				`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`
			);
			if (waiting!.n > 0) return true;
			await new Promise((resolve) => setImmediate(resolve));
		}
		return false;
	}

	it('a version taken later never commits before an earlier one, so no pull skips a row', async () => {
		const firstHeld = gate();
		const firstStamped = gate();
		const first = store.transaction(async (tx) => {
			await stamp(tx, 'first');
			firstStamped.open();
			await firstHeld.wait;
		});
		await firstStamped.wait;
		// The second writer takes the next version and commits at once, while the first is still open.
		const second = store.transaction((tx) => stamp(tx, 'second'));
		const secondWaited = await waitsForALock(second);
		// A pull now must not move its cookie past the first writer's version.
		await pull();

		firstHeld.open();
		await Promise.all([first, second]);
		await pull();
		expect(pulled).toEqual(['first', 'second']);
		expect(secondWaited).toBe(true);
	});
});
