import { defaultUserSettings, userSettingsSchema, type MutationArgs, type UserSettings } from '#shared/mutations';
import { getUserSettingsRow, writeUserSettings } from '../repos/user-settings-repo';
import { version, type MutationContext } from './mutation-context';

/** The user's settings with defaults for keys never set (or stored by an older version with other values). */
export function readUserSettings(settingsJson: string): UserSettings {
	const stored = userSettingsSchema.partial().safeParse(JSON.parse(settingsJson));
	return { ...defaultUserSettings, ...(stored.success ? stored.data : {}) };
}

/** Merges the given keys into the stored settings: two devices changing different keys both win. */
export async function updateSettings(ctx: MutationContext, args: MutationArgs<'settings.update'>): Promise<void> {
	const current = readUserSettings((await getUserSettingsRow(ctx.db, ctx.userId)).settings);
	const merged = { ...current, ...args.settings };
	await writeUserSettings(ctx.db, ctx.userId, JSON.stringify(merged), await version(ctx));
}
