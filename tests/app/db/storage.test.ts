import { afterEach, expect, it } from 'vitest';
import { requestPersistence, storageEstimate } from '../../../src/lib/db/storage';
import { freshDb } from './fresh-db';

const original = Object.getOwnPropertyDescriptor(navigator, 'storage');

function fakeStorage(granted: boolean) {
	const calls = { persist: 0 };
	const storage = {
		persist: async () => {
			calls.persist++;
			return granted;
		},
		persisted: async () => granted,
		estimate: async () => ({ usage: 1234, quota: 1_000_000 })
	};
	Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
	return calls;
}

afterEach(() => {
	if (original) Object.defineProperty(navigator, 'storage', original);
	else delete (navigator as { storage?: unknown }).storage;
});

it('asks for persistent storage once per database', async () => {
	const calls = fakeStorage(true);
	const db = await freshDb();
	expect(await requestPersistence(db)).toBe(true);
	expect(await requestPersistence(db)).toBe(true);
	expect(calls.persist).toBe(1);
});

it('reports the storage used, or nulls where the browser cannot say', async () => {
	fakeStorage(false);
	expect(await storageEstimate()).toEqual({ usedBytes: 1234, quotaBytes: 1_000_000, persisted: false });
	Object.defineProperty(navigator, 'storage', { value: undefined, configurable: true });
	expect(await storageEstimate()).toEqual({ usedBytes: null, quotaBytes: null, persisted: null });
});
