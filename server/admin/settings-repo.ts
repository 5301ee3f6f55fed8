import type { Db } from '../db/open';
import { stmt } from '../db/statements';

/** Settings the admin controls for the whole server, stored as JSON values by key. */
export interface ServerSettings {
	signupEnabled: boolean;
	/** Read entries older than this are deleted (starred and unread ones are kept). */
	retentionDays: number;
}

export const defaultServerSettings: ServerSettings = { signupEnabled: false, retentionDays: 90 };

export function getServerSettings(db: Db): ServerSettings {
	const rows = stmt<[], { key: string; value: string }>(db, 'SELECT key, value FROM server_settings').all();
	const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
	return { ...defaultServerSettings, ...stored } as ServerSettings;
}

export function updateServerSettings(db: Db, changes: Partial<ServerSettings>): ServerSettings {
	const upsert = stmt(
		db,
		'INSERT INTO server_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
	);
	for (const [key, value] of Object.entries(changes)) {
		if (value !== undefined) upsert.run(key, JSON.stringify(value));
	}
	return getServerSettings(db);
}
