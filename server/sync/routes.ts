import { Router } from 'express';
import type { AppDeps } from '../deps';
import { requireAuth, currentAuth } from '../auth/require-auth';
import { sendJson } from '../http/compress';
import { parse } from '../http/validate';
import { pullRequestSchema, pushRequestSchema } from '#shared/sync';
import { applyPush } from './push-service';
import { checkPushLimits } from './push-limits';
import { pull } from './pull-service';
import { changeEvents } from './change-events';
import { sessionIsActive } from '../auth/sessions-repo';
import { syncRestRoutes } from './rest-routes';

export function syncRoutes(deps: AppDeps): Router {
	const { store, bus, refresher } = deps;
	const now = deps.now ?? Date.now;
	const auth = requireAuth(store, now, deps.logger);
	const router = Router();

	router.post('/sync/push', auth, async (req, res) => {
		checkPushLimits(req);
		const request = parse(pushRequestSchema, req.body, 'push');
		const { userId } = currentAuth(req);
		const outcome = await applyPush(store, userId, request, now(), deps.logger);
		if (outcome.changed) bus.notify([userId]);
		for (const feedId of outcome.subscribedFeedIds) refresher.requestRefresh(feedId);
		sendJson(req, res, outcome.response);
	});

	router.post('/sync/pull', auth, async (req, res) => {
		const request = parse(pullRequestSchema, req.body, 'pull');
		sendJson(req, res, await pull(store, currentAuth(req).userId, request));
	});

	// EventSource cannot set headers: only here may the token come as ?token= (the request log omits query strings).
	router.get(
		'/sync/events',
		requireAuth(store, now, deps.logger, { allowQueryToken: true }),
		changeEvents(bus, (sessionId) => sessionIsActive(store, sessionId, now()))
	);

	router.use(syncRestRoutes(deps));
	return router;
}
