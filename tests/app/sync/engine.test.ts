import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	createFolder,
	moveSubscription,
	renameFolder,
	renameSubscription,
	setRead,
	setStarred,
	subscribe
} from '../../../src/lib/actions';
import type { TidingsDb } from '../../../src/lib/db/database';
import { getMeta } from '../../../src/lib/db/meta';
import { SyncEngine, type SyncEngineOptions } from '../../../src/lib/sync/engine';
import { httpTransport } from '../../../src/lib/sync/sync-api';
import { freshDb, makeEntry, makeSubscription } from '../db/fresh-db';
import { emptyPage, errorResponse, FakeSyncServer, jsonResponse, ManualTimers } from './fake-sync-server';

let db: TidingsDb;
let server: FakeSyncServer;
let timers: ManualTimers;
let signedOut: string[];

const started: SyncEngine[] = [];

/** A started engine (so it schedules retries) on manual timers; `syncNow` runs a cycle at once. */
function makeEngine(overrides: Partial<SyncEngineOptions> = {}, timeoutMs?: number): SyncEngine {
	const engine = new SyncEngine({
		db,
		userId: 1,
		transport: httpTransport({ baseUrl: 'http://sync.test', fetch: server.fetch, timeoutMs }),
		getToken: () => 'token-1',
		onUnauthenticated: (token) => signedOut.push(token),
		timers,
		random: () => 0.5,
		now: () => 1_000_000,
		...overrides
	});
	engine.start();
	started.push(engine);
	return engine;
}

afterEach(() => {
	for (const engine of started.splice(0)) engine.stop();
});

beforeEach(async () => {
	db = await freshDb(1);
	server = new FakeSyncServer();
	timers = new ManualTimers();
	signedOut = [];
	await db.entries.bulkPut([makeEntry(1, 10), makeEntry(2, 10)]);
});

describe('a sync cycle that succeeds', () => {
	it('pushes the pending mutations in one request, pulls, and empties the outbox', async () => {
		await createFolder(db, 'News');
		await setStarred(db, 2, true);
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('synced');
		expect(server.pushes).toHaveLength(1);
		expect(server.pushes[0]!.mutations.map((m) => m.id)).toEqual([1, 2]);
		expect(server.pushes[0]!.clientId).toBe(await getMeta(db, 'clientId'));
		expect(server.pulls).toHaveLength(1);
		expect(server.pulls[0]!.cookie).toBeNull();
		expect(await db.outbox.count()).toBe(0);
		expect(await getMeta(db, 'cookie')).toBe('c1');
		expect(engine.status).toMatchObject({ lastSyncAt: 1_000_000, lastError: null, pendingCount: 0, syncing: false });
		expect(signedOut).toEqual([]);
	});

	it('treats duplicates as processed', async () => {
		await setStarred(db, 1, true);
		await setStarred(db, 2, true);
		server.lastIds.set((await getMetaClientId()) ?? '', 1);
		expect(await makeEngine().syncNow()).toBe('synced');
		expect(await db.outbox.count()).toBe(0);
	});

	it('records a rejected mutation for the user and undoes a create the server refused', async () => {
		const subscriptionId = await subscribe(db, 'https://example.test/feed.xml', null);
		await setStarred(db, 1, true);
		server.rejectIds.set(1, 'invalid_url');
		// The server applied the star: its pull says so, as the real one does.
		server.nextPull(() =>
			jsonResponse(200, emptyPage({ lastMutationId: 2, entryStates: [{ entryId: 1, read: false, starred: true }] }))
		);
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('synced');
		expect(await db.subscriptions.get(subscriptionId)).toBeUndefined();
		expect(await db.outbox.count()).toBe(0);
		expect(engine.status.rejected).toHaveLength(1);
		expect(engine.status.rejected[0]).toMatchObject({
			mutationId: 1,
			name: 'subscription.create',
			code: 'invalid_url'
		});
		expect((await db.entries.get(1))?.starred).toBe(1);
	});

	it('a change the server answered but no pull has brought yet stays on screen; the pull decides', async () => {
		await setStarred(db, 1, true);
		server.nextPull(() => errorResponse(503, 'unavailable'));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect((await db.entries.get(1))?.starred).toBe(1);
		expect(engine.status.pendingCount).toBe(0);
		expect(await db.outbox.count()).toBe(1);
		// The server's answer was applied, yet its pull shows the entry unstarred (another device unstarred it after).
		server.nextPull(() => jsonResponse(200, emptyPage({ lastMutationId: 1 })));
		expect(await engine.syncNow()).toBe('synced');
		expect(server.pushes).toHaveLength(1);
		expect(await db.outbox.count()).toBe(0);
		expect((await db.entries.get(1))?.starred).toBeUndefined();
	});

	it('a rename the server answers not_found keeps the folder until the pull removes it', async () => {
		const folderId = crypto.randomUUID();
		await db.folders.put({ id: folderId, name: 'Deleted elsewhere', orderKey: 'a0' });
		const subscription = makeSubscription(crypto.randomUUID(), 10, folderId, 'a0');
		await db.subscriptions.put(subscription);
		await renameFolder(db, folderId, 'Renamed here');
		server.nextPush(() =>
			jsonResponse(200, { lastMutationId: 1, results: [{ id: 1, status: 'rejected', code: 'not_found' }] })
		);
		server.nextPull(() => errorResponse(503, 'unavailable'));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect((await db.folders.get(folderId))?.name).toBe('Deleted elsewhere');
		server.nextPull(() =>
			jsonResponse(
				200,
				emptyPage({
					lastMutationId: 1,
					subscriptions: [{ ...subscription, folderId: null }],
					deleted: { folders: [folderId], subscriptions: [], entries: [] }
				})
			)
		);
		expect(await engine.syncNow()).toBe('synced');
		expect(await db.folders.count()).toBe(0);
		expect((await db.subscriptions.toArray()).map((s) => s.folderId)).toEqual([null]);
	});

	it('a subscription the server already has under this id is not undone on conflict', async () => {
		const subscriptionId = crypto.randomUUID();
		await db.subscriptions.put(makeSubscription(subscriptionId, 10, null, 'a0'));
		await renameSubscription(db, subscriptionId, 'Mine');
		server.rejectIds.set(1, 'conflict');
		expect(await makeEngine().syncNow()).toBe('synced');
		expect(await db.subscriptions.get(subscriptionId)).toBeDefined();
	});

	it('a folder the server refused to create (conflict) goes, and its feed is back at the top level', async () => {
		const subscriptionId = crypto.randomUUID();
		await db.subscriptions.put(makeSubscription(subscriptionId, 10, null, 'a0'));
		const folderId = await createFolder(db, 'Taken');
		await moveSubscription(db, subscriptionId, folderId, 0);
		server.rejectIds.set(1, 'conflict');
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('synced');
		expect(await db.folders.count()).toBe(0);
		expect((await db.subscriptions.get(subscriptionId))?.folderId).toBeNull();
		expect(engine.status.rejected).toEqual([expect.objectContaining({ name: 'folder.create', code: 'conflict' })]);
	});

	it('an entry the server refused to mark goes back to what it was; a later pending change stays on top', async () => {
		await setRead(db, [1, 2], true);
		await setStarred(db, 1, true);
		await setStarred(db, 2, true);
		server.rejectIds.set(1, 'not_found');
		server.rejectIds.set(2, 'not_found');
		// The third mutation is not processed by this push: it is still pending after it.
		server.nextPush((request) => {
			const results = request.mutations
				.slice(0, 2)
				.map((m) => ({ id: m.id, status: 'rejected' as const, code: 'not_found' }));
			return jsonResponse(200, { lastMutationId: 2, results });
		});
		server.nextPush(() => errorResponse(503, 'unavailable'));
		expect(await makeEngine().syncNow()).toBe('failed');
		expect(await db.entries.get(1)).toMatchObject({ read: 0 });
		expect((await db.entries.get(1))?.starred).toBeUndefined();
		expect(await db.entries.get(2)).toMatchObject({ read: 0, starred: 1 });
		expect((await db.outbox.toArray()).map((m) => m.name)).toEqual(['entry.setStarred']);
	});

	it('runs one cycle at a time per database', async () => {
		await setStarred(db, 1, true);
		const engine = makeEngine();
		const outcomes = await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow()]);
		expect(outcomes).toEqual(['synced', 'synced', 'synced']);
		expect(server.maxInFlight).toBe(1);
		expect(server.pushes).toHaveLength(1);
		// The running cycle, then one follow-up shared by the callers that came during it.
		expect(server.pulls).toHaveLength(2);
	});

	it('debounces writes into one push', async () => {
		const engine = makeEngine({ debounceMs: 300 });
		timers.fire();
		await vi.waitFor(() => expect(engine.status.lastSyncAt).not.toBeNull());
		await setStarred(db, 1, true);
		await setStarred(db, 2, true);
		await createFolder(db, 'News');
		await vi.waitFor(() => expect(engine.status.pendingCount).toBe(3));
		expect(timers.pending()).toHaveLength(1);
		expect(timers.pending()[0]!.ms).toBe(300);
		timers.fire();
		await vi.waitFor(() => expect(engine.status.pendingCount).toBe(0));
		expect(server.pushes.map((p) => p.mutations.length)).toEqual([3]);
	});
});

async function getMetaClientId(): Promise<string | undefined> {
	const { ensureClientId } = await import('../../../src/lib/db/meta');
	return ensureClientId(db);
}

describe('failures', () => {
	it('a 401 unauthenticated signs out, keeps the outbox and does not retry', async () => {
		await setStarred(db, 1, true);
		server.nextPush(() => errorResponse(401, 'unauthenticated', { 'WWW-Authenticate': 'Bearer' }));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('signed-out');
		expect(signedOut).toEqual(['token-1']);
		expect(await db.outbox.count()).toBe(1);
		expect(timers.pending()).toHaveLength(0);
		expect(engine.status.lastErrorCode).toBe('unauthenticated');
	});

	it.each([
		[403, 'forbidden'],
		[409, 'conflict'],
		[500, 'internal'],
		[502, 'bad_gateway'],
		[503, 'unavailable'],
		[401, 'invalid_credentials']
	])('%i %s keeps the token and the outbox and retries with backoff', async (status, code) => {
		await setStarred(db, 1, true);
		server.nextPush(() => errorResponse(status, code));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect(signedOut).toEqual([]);
		expect(await db.outbox.count()).toBe(1);
		expect(engine.status.lastErrorCode).toBe(code);
		expect(engine.status.lastError).toMatch(/kept|retry|resumes/);
		expect(timers.pending()).toHaveLength(1);
		expect(timers.pending()[0]!.ms).toBe(500);
		timers.fire();
		await vi.waitFor(() => expect(engine.status.lastError).toBeNull());
		expect(await db.outbox.count()).toBe(0);
	});

	it('429 waits at least as long as Retry-After says', async () => {
		await setStarred(db, 1, true);
		server.nextPush(() => errorResponse(429, 'rate_limited', { 'Retry-After': '7' }));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect(timers.pending()[0]!.ms).toBe(7000);
		expect(engine.status.nextRetryAt).toBe(1_000_000 + 7000);
		expect(signedOut).toEqual([]);
		await setStarred(db, 2, true);
		await vi.waitFor(() => expect(engine.status.pendingCount).toBe(2));
		expect(timers.pending().map((t) => t.ms)).toEqual([7000]);
	});

	it('the network coming back retries at once instead of waiting out the backoff', async () => {
		await setStarred(db, 1, true);
		server.nextPush(() => Promise.reject(new TypeError('fetch failed')));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect(timers.pending().map((t) => t.ms)).toEqual([500]);
		engine.setOnline(true);
		expect(timers.pending().map((t) => t.ms)).toEqual([0]);
		timers.fire();
		await vi.waitFor(() => expect(engine.status.pendingCount).toBe(0));
		expect(engine.status.online).toBe(true);
	});

	it('backs off exponentially with full jitter up to 60 s', async () => {
		await setStarred(db, 1, true);
		const engine = makeEngine({ random: () => 0.999 });
		const delays: number[] = [];
		for (let i = 0; i < 9; i++) {
			server.nextPush(() => errorResponse(503, 'unavailable'));
			expect(await engine.syncNow()).toBe('failed');
			delays.push(timers.pending()[0]!.ms);
		}
		expect(delays).toEqual([999, 1998, 3996, 7992, 15984, 31968, 59940, 59940, 59940]);
	});

	it('a device setting caps the backoff lower; Retry-After still sets the floor', async () => {
		await setStarred(db, 1, true);
		const engine = makeEngine({ random: () => 0.999, maxBackoffMs: 2000 });
		const delays: number[] = [];
		for (let i = 0; i < 4; i++) {
			server.nextPush(() => errorResponse(503, 'unavailable'));
			expect(await engine.syncNow()).toBe('failed');
			delays.push(timers.pending()[0]!.ms);
		}
		server.nextPush(() => errorResponse(429, 'rate_limited', { 'Retry-After': '7' }));
		expect(await engine.syncNow()).toBe('failed');
		delays.push(timers.pending()[0]!.ms);
		expect(delays).toEqual([999, 1998, 1998, 1998, 7000]);
	});

	it('a network error shows offline and retries', async () => {
		await setStarred(db, 1, true);
		server.nextPush(() => Promise.reject(new TypeError('fetch failed')));
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('failed');
		expect(engine.status).toMatchObject({ online: false, lastErrorCode: 'network' });
		expect(engine.status.lastError).toMatch(/offline/);
		expect(signedOut).toEqual([]);
		expect(timers.pending()).toHaveLength(1);
	});

	it('a timeout is a failure like any other, never a sign-out', async () => {
		await setStarred(db, 1, true);
		server.nextPush(
			(_request, init) =>
				new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))
		);
		const engine = makeEngine({}, 20);
		expect(await engine.syncNow()).toBe('failed');
		expect(engine.status.lastErrorCode).toBe('timeout');
		expect(signedOut).toEqual([]);
		expect(await db.outbox.count()).toBe(1);
	});

	it('413 halves the batch until it fits', async () => {
		for (let i = 0; i < 5; i++) await createFolder(db, `F${i}`);
		const tooBig = (request: { mutations: unknown[] }) =>
			request.mutations.length > 2 ? errorResponse(413, 'payload_too_large') : undefined;
		for (let i = 0; i < 4; i++) server.nextPush(tooBig);
		expect(await makeEngine().syncNow()).toBe('synced');
		expect(server.pushes.map((p) => p.mutations.length)).toEqual([5, 2, 2, 1]);
		expect(await db.outbox.count()).toBe(0);
	});

	it('403 client_not_owned makes a new clientId and numbers the pending mutations from 1', async () => {
		await setStarred(db, 1, true);
		await setStarred(db, 2, true);
		const engine = makeEngine();
		expect(await engine.syncNow()).toBe('synced');
		await setStarred(db, 1, false);
		await setStarred(db, 2, false);
		server.nextPush(() => errorResponse(403, 'client_not_owned'));
		expect(await engine.syncNow()).toBe('synced');
		const [first, refused, retried] = server.pushes;
		expect(refused!.clientId).toBe(first!.clientId);
		expect(refused!.mutations.map((m) => m.id)).toEqual([3, 4]);
		expect(retried!.clientId).not.toBe(first!.clientId);
		expect(retried!.mutations.map((m) => m.id)).toEqual([1, 2]);
		expect(await getMeta(db, 'clientId')).toBe(retried!.clientId);
		expect(await db.outbox.count()).toBe(0);
		expect(signedOut).toEqual([]);
	});

	it('a stopped engine (its account signed out or switched) never sends anything', async () => {
		await setStarred(db, 1, true);
		const engine = makeEngine();
		engine.stop();
		expect(await engine.syncNow()).toBe('signed-out');
		expect(server.pushes).toHaveLength(0);
	});

	it('refuses to sync a database that belongs to another user', async () => {
		await setStarred(db, 1, true);
		const engine = makeEngine({ userId: 2 });
		expect(await engine.syncNow()).toBe('failed');
		expect(engine.status.lastErrorCode).toBe('wrong_account');
		expect(server.pushes).toHaveLength(0);
	});
});

describe('pulling', () => {
	it('pulls every page, advancing the cookie', async () => {
		server.nextPull(() =>
			jsonResponse(
				200,
				emptyPage({
					cookie: 'p1',
					hasMore: true,
					folders: [{ id: 'f', name: 'News', orderKey: 'a0' }],
					entries: [makeEntry(5, 10)]
				})
			)
		);
		server.nextPull((request) => {
			expect(request.cookie).toBe('p1');
			return jsonResponse(200, emptyPage({ cookie: 'p2', entryStates: [{ entryId: 5, read: true, starred: true }] }));
		});
		expect(await makeEngine().syncNow()).toBe('synced');
		expect(server.pulls).toHaveLength(2);
		expect(await getMeta(db, 'cookie')).toBe('p2');
		expect(await db.entries.get(5)).toMatchObject({ read: 1, starred: 1 });
		expect(await db.folders.count()).toBe(1);
	});

	it('says it is catching up from the second page of a pull until the last page is applied', async () => {
		const page = (cookie: string, hasMore: boolean, entryId: number) =>
			jsonResponse(200, emptyPage({ cookie, hasMore, entries: [makeEntry(entryId, 10)] }));
		const storedWhileCatchingUp: number[] = [];
		let catchingUp = false;
		const engine = makeEngine();
		engine.subscribe((status) => {
			catchingUp = status.catchingUp;
		});
		server.nextPull(() => page('p1', true, 5));
		server.nextPull(async () => {
			storedWhileCatchingUp.push(catchingUp ? await db.entries.count() : -1);
			return page('p2', true, 6);
		});
		server.nextPull(async () => {
			storedWhileCatchingUp.push(catchingUp ? await db.entries.count() : -1);
			return page('p3', false, 7);
		});
		expect(await engine.syncNow()).toBe('synced');
		expect(storedWhileCatchingUp).toEqual([3, 4]);
		expect(engine.status.catchingUp).toBe(false);
		expect(await db.entries.count()).toBe(5);

		// An ordinary sync of one page never says so.
		const seen: boolean[] = [];
		engine.subscribe((status) => seen.push(status.catchingUp));
		expect(await engine.syncNow()).toBe('synced');
		expect(seen).not.toContain(true);
	});
});
