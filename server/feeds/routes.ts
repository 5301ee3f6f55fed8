import express, { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { currentAuth, requireAuth } from '../auth/require-auth';
import { notFound, unavailable } from '../http/errors';
import { parse } from '../http/validate';
import { discoverRoutes } from './discover/routes';
import { feedOfSubscription, getFeed } from './feeds-repo';
import { getIcon } from './icons/icons-repo';
import { exportOpml } from './opml/opml-export';
import { importOpml } from './opml/opml-import';
import { refreshFeed } from './refresh/refresh-feed';

const MAX_OPML_BYTES = 5 * 1024 * 1024;
const ICON_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

const idParam = z.object({ id: z.string().min(1).max(100).toLowerCase() });
const feedIdParam = z.object({ feedId: z.coerce.number().int().positive() });
const opmlJsonBody = z.object({ opml: z.string().min(1) });

/** Feed-engine endpoints: discovery, manual refresh, icons, OPML. */
export function feedsRoutes(deps: AppDeps): Router {
	const router = Router();
	const now = deps.now ?? Date.now;
	const auth = requireAuth(deps.db, now, deps.logger);

	// Icons are site favicons, not user data, and <img> cannot send a bearer token: served without sign-in.
	router.get('/icons/:feedId', (req, res) => {
		const { feedId } = parse(feedIdParam, req.params, 'icon id');
		const icon = getIcon(deps.db, feedId);
		if (!icon) throw notFound('no icon for this feed');
		res.setHeader('Cache-Control', `public, max-age=${ICON_MAX_AGE_SECONDS}`);
		res.type(icon.content_type).send(icon.data);
	});

	router.use(discoverRoutes(deps));

	router.post('/subscriptions/:id/refresh', auth, async (req, res) => {
		const { id } = parse(idParam, req.params, 'subscription id');
		const feed = feedOfSubscription(deps.db, currentAuth(req).userId, id);
		if (!feed) throw notFound('no such subscription');
		const result = await refreshNow(deps, feed.id);
		const after = getFeed(deps.db, feed.id)!;
		res.json({
			result,
			feed: {
				id: after.id,
				url: after.url,
				title: after.title,
				iconUrl: after.icon_url,
				httpStatus: after.http_status,
				lastError: after.last_error,
				lastFetchedAt: after.last_fetched_at,
				nextFetchAt: after.next_fetch_at
			}
		});
	});

	router.get('/opml', auth, (req, res) => {
		const xml = exportOpml(deps.db, currentAuth(req).userId, now());
		res.setHeader('Content-Disposition', 'attachment; filename="tidings.opml"');
		res.type('text/x-opml').send(xml);
	});

	// OPML arrives as the raw file (any XML or text type) or as JSON {opml}.
	router.post(
		'/opml',
		auth,
		express.text({
			type: (req) => !req.headers['content-type']?.includes('json'),
			limit: MAX_OPML_BYTES
		}),
		(req, res) => {
			const xml = typeof req.body === 'string' ? req.body : parse(opmlJsonBody, req.body, 'OPML import').opml;
			const { userId } = currentAuth(req);
			const { feedIds, ...report } = importOpml(deps.db, userId, xml, now());
			deps.bus.notify([userId]);
			for (const feedId of feedIds) deps.refresher.requestRefresh(feedId);
			res.json(report);
		}
	);

	return router;
}

/** Through the engine's queue when there is one (limits and de-duplication), else directly. */
function refreshNow(deps: AppDeps, feedId: number): Promise<unknown> {
	if (deps.refresher.refreshNow) {
		return deps.refresher.refreshNow(feedId).catch((err: unknown) => {
			throw unavailable(`the feed cannot be refreshed right now: ${(err as Error).message}`);
		});
	}
	return refreshFeed(
		{
			db: deps.db,
			logger: deps.logger,
			bus: deps.bus,
			allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
			fixedIntervalMinutes: deps.config.REFRESH_INTERVAL_MINUTES,
			now: deps.now ?? Date.now,
			random: Math.random
		},
		feedId
	);
}
