import type { Sql } from '../../db/sql';

export async function getUserSettingsRow(
	sql: Sql,
	userId: number
): Promise<{ settings: string; settings_version: number }> {
	return (await sql.get<{ settings: string; settings_version: number }>(
		'SELECT settings, settings_version FROM users WHERE id = ?',
		[userId]
	))!;
}

export async function writeUserSettings(
	sql: Sql,
	userId: number,
	settingsJson: string,
	version: number
): Promise<void> {
	await sql.run('UPDATE users SET settings = ?, settings_version = ? WHERE id = ?', [settingsJson, version, userId]);
}
