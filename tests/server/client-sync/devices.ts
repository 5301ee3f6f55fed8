import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { feedIdByUrl } from '../../../server/feeds/feeds-repo';
import { insertEntry } from '../../../server/feeds/entries-repo';
import { nextVersion } from '../../../server/db/version';
import type { TidingsDb } from '../../../src/lib/db/database';
import type { SessionResponse } from '#shared/api';
import { AccountSession } from '../../../src/lib/sync/account-session';
import type { Timers } from '../../../src/lib/sync/timers';
import { PASSWORD } from '../../support/accounts';
import { call } from '../../support/http';
import type { TestServer } from '../../support/test-server';

/** No timer ever fires: tests drive every cycle with syncNow, so nothing runs behind their back. */
export const idleTimers: Timers = { after: () => () => undefined, every: () => () => undefined };

/**
 * One device: its own IndexedDB (fake-indexeddb), the real AccountSession and engine, and a network switch.
 * `offline` makes every request fail as an unreachable server does.
 */
export class Device {
	offline = false;
	readonly dbOptions = { indexedDB: new IDBFactory(), IDBKeyRange };
	readonly session: AccountSession;

	constructor(server: TestServer) {
		this.session = new AccountSession({
			baseUrl: server.url,
			dbOptions: this.dbOptions,
			fetch: (input, init) =>
				this.offline ? Promise.reject(new TypeError('fetch failed')) : fetch(input as string, init),
			engine: { timers: idleTimers }
		});
	}

	get db(): TidingsDb {
		return this.session.snapshot.db!;
	}

	sync() {
		const engine = this.session.snapshot.engine;
		if (!engine) throw new Error('this device has no engine (signed out)');
		return engine.syncNow();
	}
}

export async function login(server: TestServer, username: string): Promise<SessionResponse> {
	const res = await call<SessionResponse>(server.url, 'POST', '/api/auth/login', {
		body: { username, password: PASSWORD }
	});
	if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}

/** Stores `count` entries in the feed at `feedUrl` as a refresh would (the feed must exist: subscribe first). */
export async function addEntries(
	server: TestServer,
	feedUrl: string,
	count: number,
	contentChars = 200
): Promise<number[]> {
	const feedId = await feedIdByUrl(server.store, feedUrl);
	if (feedId === undefined) throw new Error(`no feed ${feedUrl}`);
	const body = `<p>${'x'.repeat(contentChars)}</p>`;
	return await server.store.transaction(async (tx) => {
		const version = await nextVersion(tx);
		const ids: number[] = [];
		for (let i = 0; i < count; i++) {
			const id = await insertEntry(
				tx,
				feedId,
				{
					guid: `${feedUrl}#${version}-${i}`,
					url: `${feedUrl}/${i}`,
					title: `Entry ${i}`,
					author: null,
					summary: null,
					content: body,
					publishedAt: 1_700_000_000_000 + i * 60_000,
					updatedAt: null,
					enclosures: '[]',
					categories: '[]',
					language: null,
					dir: 'ltr',
					contentHash: `hash-${version}-${i}`,
					plainText: `Entry ${i}`
				},
				Date.now(),
				version
			);
			ids.push(id);
		}
		return ids;
	});
}

/** What a person sees, comparable across devices. */
export async function visibleState(db: TidingsDb) {
	const byId = <T extends { id: string | number }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	return {
		folders: (await db.folders.toArray()).sort(byId),
		subscriptions: (await db.subscriptions.toArray())
			.map(({ id, feedId, folderId, orderKey, title }) => ({ id, feedId, folderId, orderKey, title }))
			.sort(byId),
		entries: (await db.entries.toArray()).map(({ id, read, starred }) => ({ id, read, starred })).sort(byId)
	};
}
