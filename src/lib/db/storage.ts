import type { TidingsDb } from './database';
import { getMeta, setMeta } from './meta';

export interface StorageUsage {
	usedBytes: number | null;
	quotaBytes: number | null;
	persisted: boolean | null;
}

function storageManager(): StorageManager | undefined {
	return (globalThis as { navigator?: Navigator }).navigator?.storage;
}

/**
 * Asks the browser once per database to keep this origin's data under storage pressure, so queued changes and
 * offline articles are not evicted. Browsers may answer without asking the user; either answer is final.
 */
export async function requestPersistence(db: TidingsDb): Promise<boolean | null> {
	const storage = storageManager();
	if (!storage?.persist) return null;
	if (await getMeta(db, 'persistenceAsked')) return storage.persisted ? storage.persisted() : null;
	const granted = await storage.persist();
	await setMeta(db, 'persistenceAsked', true);
	return granted;
}

/** What this origin uses and may use, for the settings page; nulls where the browser does not say. */
export async function storageEstimate(): Promise<StorageUsage> {
	const storage = storageManager();
	if (!storage?.estimate) return { usedBytes: null, quotaBytes: null, persisted: null };
	const [estimate, persisted] = await Promise.all([
		storage.estimate(),
		storage.persisted ? storage.persisted() : Promise.resolve(null)
	]);
	return { usedBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null, persisted };
}
