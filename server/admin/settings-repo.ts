import type { Sql } from '../db/sql';

/** Settings the admin controls for the whole server, stored as JSON values by key. */
export interface ServerSettings {
	signupEnabled: boolean;
	/** Read entries older than this are deleted (starred and unread ones are kept). */
	retentionDays: number;
}

export const defaultServerSettings: ServerSettings = { signupEnabled: false, retentionDays: 90 };

export async function getServerSettings(sql: Sql): Promise<ServerSettings> {
	const rows = await sql.all<{ key: string; value: string }>('SELECT key, value FROM server_settings');
	const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
	return { ...defaultServerSettings, ...stored } as ServerSettings;
}

export async function updateServerSettings(sql: Sql, changes: Partial<ServerSettings>): Promise<ServerSettings> {
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) continue;
		await sql.run(
			'INSERT INTO server_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
			[key, JSON.stringify(value)]
		);
	}
	return await getServerSettings(sql);
}
