import type { TidingsDb } from '$lib/db/database';
import type { UserSettings } from '$lib/shared/mutations';
import { perform } from './perform';

/** Changes some settings; the others keep their values (on this device and on the server). */
export async function updateSettings(db: TidingsDb, settings: Partial<UserSettings>): Promise<void> {
	await perform(db, async () => [{ name: 'settings.update', args: { settings } }]);
}
