import { expect, it } from 'vitest';
import { setStarred } from '../../../src/lib/actions';
import { syncStatus } from '../../../src/lib/state/sync-status.svelte';
import { SyncEngine } from '../../../src/lib/sync/engine';
import { httpTransport } from '../../../src/lib/sync/sync-api';
import { freshDb } from '../db/fresh-db';
import { errorResponse, FakeSyncServer, ManualTimers } from './fake-sync-server';

it('mirrors the attached engine and runs syncNow through it', async () => {
	const db = await freshDb(1);
	const server = new FakeSyncServer();
	const engine = new SyncEngine({
		db,
		userId: 1,
		transport: httpTransport({ baseUrl: 'http://sync.test', fetch: server.fetch }),
		getToken: () => 'token',
		onUnauthenticated: () => undefined,
		timers: new ManualTimers()
	});
	engine.start();
	expect(await syncStatus.syncNow()).toBe('signed-out');
	syncStatus.attach(engine);
	await setStarred(db, 1, true);
	server.nextPush(() => errorResponse(503, 'unavailable', { 'Retry-After': '2' }));
	expect(await syncStatus.syncNow()).toBe('failed');
	expect(syncStatus.pendingCount).toBe(1);
	expect(syncStatus.lastErrorCode).toBe('unavailable');
	expect(syncStatus.lastError).toMatch(/server is having trouble/);
	expect(await syncStatus.syncNow()).toBe('synced');
	expect(syncStatus).toMatchObject({ pendingCount: 0, lastError: null, syncing: false });
	expect(syncStatus.lastSyncAt).not.toBeNull();
	syncStatus.attach(null);
	engine.stop();
});
