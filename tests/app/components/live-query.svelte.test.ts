import { flushSync } from 'svelte';
import { expect, it } from 'vitest';
import type { TidingsDb } from '../../../src/lib/db/database';
import { useLiveQuery } from '../../../src/lib/queries/live-query.svelte';
import { catchUp } from '../../../src/lib/state/catch-up.svelte';
import type { Timers } from '../../../src/lib/sync/timers';
import { freshDb, makeEntry } from '../db/fresh-db';

/** The refresh timer, fired by the test. */
function handTimers() {
	const ticks: (() => void)[] = [];
	const timers: Timers = {
		after: () => () => undefined,
		every: (_ms, fn) => {
			ticks.push(fn);
			return () => ticks.splice(ticks.indexOf(fn), 1);
		}
	};
	return { timers, fire: () => ticks.forEach((fn) => fn()), count: () => ticks.length };
}

async function until(check: () => boolean): Promise<void> {
	await expect.poll(check).toBe(true);
}

it('reads once per refresh tick while a sync catches up, then follows the database live again', async () => {
	const db: TidingsDb = await freshDb(1);
	const { timers, fire, count } = handTimers();
	let runs = 0;
	let query!: { readonly current: number };
	const stop = $effect.root(() => {
		query = useLiveQuery(
			() => () => {
				runs += 1;
				return db.entries.count();
			},
			-1
		);
	});
	await until(() => query.current === 0);
	const liveRuns = runs;

	catchUp.set(true, timers);
	flushSync();
	expect(runs).toBe(liveRuns + 1);
	await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 10)]);
	await db.entries.put(makeEntry(3, 10));
	await db.entries.put(makeEntry(4, 10));
	// Three commits, no read: the next one comes with the tick.
	expect(runs).toBe(liveRuns + 1);
	fire();
	flushSync();
	await until(() => query.current === 4);
	expect(runs).toBe(liveRuns + 2);

	// The user's own change shows without waiting for the tick.
	await db.entries.put(makeEntry(5, 10));
	catchUp.refresh();
	flushSync();
	await until(() => query.current === 5);

	catchUp.set(false);
	expect(count()).toBe(0);
	flushSync();
	await db.entries.put(makeEntry(6, 10));
	await until(() => query.current === 6);
	stop();
	db.close();
});
