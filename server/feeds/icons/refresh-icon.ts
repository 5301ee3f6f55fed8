import type { Store } from '../../db/sql';
import { nextVersion } from '../../db/version';
import type { ChangeBus } from '../../sync/change-bus';
import { getFeed, setFeedIcon, subscriberIds } from '../feeds-repo';
import { findIcon } from './find-icon';
import { saveIcon } from './icons-repo';

/** Sites rarely change their icon: look again after a week. */
export const ICON_RECHECK_MS = 7 * 24 * 60 * 60 * 1000;

export const iconPath = (feedId: number) => `/api/icons/${feedId}`;

/**
 * Looks for the feed's icon when it never was or a week has passed, stores it, and points feeds.icon_url at
 * GET /api/icons/:feedId (a new feed version, so subscribers' devices show it). Failures only mean no icon. A
 * lookup the signal cut short (the server shutting down) records nothing: the next refresh looks again.
 */
export async function refreshIconIfStale(
	ctx: { db: Store; bus: ChangeBus; allowPrivate: boolean; now: () => number; signal?: AbortSignal },
	feedId: number,
	siteUrl: string | null,
	feedIconUrl: string | null
): Promise<void> {
	if (ctx.signal?.aborted) return;
	const feed = await getFeed(ctx.db, feedId);
	if (!feed || (feed.icon_checked_at !== null && ctx.now() - feed.icon_checked_at < ICON_RECHECK_MS)) return;
	const icon = await findIcon(siteUrl, feedIconUrl, { allowPrivate: ctx.allowPrivate, signal: ctx.signal });
	if (ctx.signal?.aborted) return;
	const iconUrl = icon ? iconPath(feedId) : feed.icon_url;
	const changed = await ctx.db.transaction(async (tx) => {
		if (icon) await saveIcon(tx, feedId, { ...icon, now: ctx.now() });
		const changed = iconUrl !== feed.icon_url;
		await setFeedIcon(tx, feedId, iconUrl, ctx.now(), changed ? await nextVersion(tx) : null);
		return changed;
	});
	if (changed) ctx.bus.notify(await subscriberIds(ctx.db, feedId));
}
