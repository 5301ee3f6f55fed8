/**
 * Browser side of the `app` benchmark, bundled by bench/support/bundle-apply.ts: applies pull pages with the
 * app's own code (applyPullPage into the app's own Dexie schema) and times only the applying; the floor, the
 * same entry rows written with one bulkPut per page into the same schema; and the bare floor, the same into a
 * table with no secondary index (what this browser takes to store the bytes at all).
 */
import Dexie from 'dexie';
import { openUserDb, userDbName, type TidingsDb } from '$lib/db/database';
import type { PullResponse } from '$lib/shared/sync';
import { applyPullPage } from '$lib/sync/apply-pull';

export type ApplyKind = 'app' | 'floor' | 'bare';

export interface ApplyRun {
	applyMs: number;
	entries: number;
}

type Apply = (db: TidingsDb, page: PullResponse) => Promise<unknown>;

const floor: Apply = (db, page) =>
	db.transaction('rw', db.entries, () => db.entries.bulkPut(page.entries.map((e) => ({ ...e, read: 0 }))));

/** The user's database for the app and the floor; for the bare floor one whose entries have no other index. */
async function openDb(name: string, userId: number, kind: ApplyKind): Promise<TidingsDb> {
	if (kind !== 'bare') return openUserDb(userId);
	const db = new Dexie(name) as TidingsDb;
	db.version(1).stores({ entries: 'id' });
	await db.open();
	return db;
}

async function applyAll(urls: string[], userId: number, kind: ApplyKind): Promise<ApplyRun> {
	// Downloaded and parsed before the clock starts: the figure is Dexie's, not the network's.
	const pages = await Promise.all(urls.map(async (url) => (await fetch(url)).json() as Promise<PullResponse>));
	const apply: Apply = kind === 'app' ? applyPullPage : floor;
	const name = kind === 'bare' ? `${userDbName(userId)}-bare` : userDbName(userId);
	await Dexie.delete(name);
	const db = await openDb(name, userId, kind);
	const start = performance.now();
	for (const page of pages) await apply(db, page);
	const applyMs = performance.now() - start;
	const entries = await db.entries.count();
	db.close();
	await Dexie.delete(name);
	return { applyMs, entries };
}

(globalThis as unknown as { benchApply: typeof applyAll }).benchApply = applyAll;
