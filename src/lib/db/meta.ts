import { defaultUserSettings } from '$lib/shared/mutations';
import type { TidingsDb } from './database';
import type { MetaKey, MetaValues } from './schema';

const defaults: { [K in MetaKey]?: MetaValues[K] } = {
	cookie: null,
	lastMutationId: 0,
	lastServerMutationId: 0,
	lastSyncAt: null,
	settings: defaultUserSettings,
	persistenceAsked: false
};

export async function getMeta<K extends MetaKey>(db: TidingsDb, key: K): Promise<MetaValues[K] | undefined> {
	const row = await db.meta.get(key);
	return (row?.value as MetaValues[K] | undefined) ?? (defaults[key] as MetaValues[K] | undefined);
}

export async function setMeta<K extends MetaKey>(db: TidingsDb, key: K, value: MetaValues[K]): Promise<void> {
	await db.meta.put({ key, value });
}

export function newClientId(): string {
	return crypto.randomUUID();
}

/** This device's clientId for this database, made on first use. */
export async function ensureClientId(db: TidingsDb): Promise<string> {
	return db.transaction('rw', db.meta, async () => {
		const existing = await getMeta(db, 'clientId');
		if (existing) return existing;
		const clientId = newClientId();
		await setMeta(db, 'clientId', clientId);
		return clientId;
	});
}
