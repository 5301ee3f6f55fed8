import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { browserTriggers } from '../../../src/lib/sync/browser-triggers';
import { SyncEngine } from '../../../src/lib/sync/engine';
import { httpTransport } from '../../../src/lib/sync/sync-api';
import { freshDb } from '../db/fresh-db';
import { FakeSyncServer, ManualTimers } from './fake-sync-server';

/** Stands in for the browser's EventSource, which jsdom lacks: records the URL and lets a test send events. */
class FakeEventSource extends EventTarget {
	static last: FakeEventSource | null = null;
	closed = false;
	constructor(readonly url: string) {
		super();
		FakeEventSource.last = this;
	}
	close() {
		this.closed = true;
	}
}

let engine: SyncEngine;
let timers: ManualTimers;

beforeEach(async () => {
	(globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
	timers = new ManualTimers();
	engine = new SyncEngine({
		db: await freshDb(1),
		userId: 1,
		transport: httpTransport({ fetch: new FakeSyncServer().fetch }),
		getToken: () => 'tok en',
		onUnauthenticated: () => undefined,
		triggers: browserTriggers(() => 'tok en', 'https://reader.test'),
		timers
	});
	engine.start();
	timers.fire();
	await vi.waitFor(() => expect(engine.status.lastSyncAt).not.toBeNull());
});

afterEach(() => {
	engine.stop();
	delete (globalThis as { EventSource?: unknown }).EventSource;
});

it('listens to the server’s nudge with the token in the query string, and closes it on stop', () => {
	expect(FakeEventSource.last!.url).toBe('https://reader.test/api/sync/events?token=tok%20en');
	FakeEventSource.last!.dispatchEvent(new Event('change'));
	expect(timers.pending().map((t) => t.ms)).toEqual([300]);
	engine.stop();
	expect(FakeEventSource.last!.closed).toBe(true);
});

it('follows the browser going offline and online, and syncs at once when it is back', () => {
	window.dispatchEvent(new Event('offline'));
	expect(engine.status.online).toBe(false);
	window.dispatchEvent(new Event('online'));
	expect(engine.status.online).toBe(true);
	expect(timers.pending().map((t) => t.ms)).toEqual([0]);
});

it('syncs when the app becomes visible', () => {
	Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
	document.dispatchEvent(new Event('visibilitychange'));
	expect(timers.pending().map((t) => t.ms)).toEqual([0]);
});

it('closes a failed event stream instead of letting the browser retry it every few seconds, and reconnects when online', () => {
	const failed = FakeEventSource.last!;
	failed.dispatchEvent(new Event('error'));
	expect(failed.closed).toBe(true);
	expect(FakeEventSource.last).toBe(failed);
	window.dispatchEvent(new Event('online'));
	expect(FakeEventSource.last).not.toBe(failed);
	expect(FakeEventSource.last!.url).toBe('https://reader.test/api/sync/events?token=tok%20en');
});
