import type { Db } from '../../db/open';
import { stmt } from '../../db/statements';

export function getUserSettingsRow(db: Db, userId: number): { settings: string; settings_version: number } {
	return stmt<[number], { settings: string; settings_version: number }>(
		db,
		'SELECT settings, settings_version FROM users WHERE id = ?'
	).get(userId)!;
}

export function writeUserSettings(db: Db, userId: number, settingsJson: string, version: number): void {
	stmt(db, 'UPDATE users SET settings = ?, settings_version = ? WHERE id = ?').run(settingsJson, version, userId);
}
