import type { TidingsDb } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { defaultUserSettings, type UserSettings } from '$lib/shared/mutations';

/** The user's settings on this device (what the server sent, with pending changes on top), with defaults filled in. */
export async function loadSettings(db: TidingsDb): Promise<UserSettings> {
	return { ...defaultUserSettings, ...(await getMeta(db, 'settings')) };
}
