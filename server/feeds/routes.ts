import express, { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { currentAuth, requireAuth } from '../auth/require-auth';
import { parse } from '../http/validate';
import { discoverRoutes } from './discover/routes';
import { feedIcon, refreshSubscription } from './feeds-service';

const MAX_OPML_BYTES = 5 * 1024 * 1024;
const ICON_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

const idParam = z.object({ id: z.string().min(1).max(100).toLowerCase() });
const feedIdParam = z.object({ feedId: z.coerce.number().int().positive() });
const opmlJsonBody = z.object({ opml: z.string().min(1) });

/** Feed-engine endpoints: discovery, manual refresh, icons, OPML. */
export function feedsRoutes(deps: AppDeps): Router {
	const router = Router();
	const now = deps.now ?? Date.now;
	const auth = requireAuth(deps.store, now, deps.logger);

	// Icons are site favicons, not user data, and <img> cannot send a bearer token: served without sign-in.
	router.get('/icons/:feedId', async (req, res) => {
		const { feedId } = parse(feedIdParam, req.params, 'icon id');
		const icon = await feedIcon(deps.store, feedId);
		res.setHeader('Cache-Control', `public, max-age=${ICON_MAX_AGE_SECONDS}`);
		res.type(icon.content_type).send(icon.data);
	});

	router.use(discoverRoutes(deps));

	router.post('/subscriptions/:id/refresh', auth, async (req, res) => {
		const { id } = parse(idParam, req.params, 'subscription id');
		res.json(await refreshSubscription(deps, currentAuth(req).userId, id));
	});

	// OPML's reader and writer (feedsmith) load with the first import or export.
	router.get('/opml', auth, async (req, res) => {
		const { exportOpml } = await import('./opml/opml-export');
		const xml = await exportOpml(deps.store, currentAuth(req).userId, now());
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
		async (req, res) => {
			const { importOpml } = await import('./opml/opml-import');
			const xml = typeof req.body === 'string' ? req.body : parse(opmlJsonBody, req.body, 'OPML import').opml;
			const { userId } = currentAuth(req);
			const { feedIds, ...report } = await importOpml(deps.store, userId, xml, now());
			deps.bus.notify([userId]);
			for (const feedId of feedIds) deps.refresher.requestRefresh(feedId);
			res.json(report);
		}
	);

	return router;
}
