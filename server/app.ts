import express, { type Express } from 'express';
import type { AppDeps } from './deps';
import { adminRoutes } from './admin/routes';
import { accountRoutes } from './auth/account-routes';
import { appPasswordRoutes } from './app-passwords/routes';
import { authRoutes } from './auth/routes';
import { entriesRoutes } from './entries/routes';
import { feedsRoutes } from './feeds/routes';
import { greaderRoutes } from './greader/routes';
import { mountGreader } from './greader/mount';
import { trustProxy } from './http/client-address';
import { compress } from './http/compress';
import { apiNotFound, errorHandler } from './http/errors';
import { healthRoutes } from './http/health';
import { mediaRoutes } from './media/routes';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security-headers';
import { staticApp } from './http/static-app';
import { testFaultRoutes } from './http/test-faults';
import { syncRoutes } from './sync/routes';
import { MAX_PUSH_BYTES } from '#shared/sync';

/** Builds the whole HTTP app from its dependencies; it does not listen, so tests serve it on port 0. */
export function createApp(deps: AppDeps): Express {
	const app = express();
	app.disable('x-powered-by');
	trustProxy(app, deps.config.TRUST_PROXY);
	// API answers are no-store, so hashing each one for an ETag was wasted work; static files keep theirs.
	app.set('etag', false);
	app.use(requestLog(deps.logger, { ignore: (path) => path === '/api/health' }));
	app.use(securityHeaders(deps.config.buildDir, { directImages: deps.config.MEDIA_PROXY === 'off' }));

	// The Google Reader API has its own authentication and body parsing: it sits beside /api, not inside it.
	app.use(mountGreader(greaderRoutes(deps)));

	const api = express.Router();
	api.use((_req, res, next) => {
		res.setHeader('Cache-Control', 'no-store');
		next();
	});
	// The push limit plus room for the envelope; each route checks its own, smaller limits.
	api.use(express.json({ limit: MAX_PUSH_BYTES + 64 * 1024 }));
	if (deps.config.TEST_FAULTS) api.use(testFaultRoutes());
	// Sync first: devices' pushes and pulls are nearly all the requests, and each router passed costs a little.
	// It comes before compression: push and pull answers are gzipped only when large (sendJson), and the event
	// stream must never wait in a gzip buffer.
	api.use(syncRoutes(deps));
	// Images are compressed already.
	api.use(mediaRoutes(deps));
	api.use(compress());
	api.use(healthRoutes(deps.store));
	api.use(authRoutes(deps));
	api.use(accountRoutes(deps));
	api.use(appPasswordRoutes(deps));
	api.use('/admin', adminRoutes(deps));
	api.use(feedsRoutes(deps));
	api.use(entriesRoutes(deps));
	api.use(apiNotFound);
	app.use('/api', api);

	app.use(compress(), staticApp(deps.config.buildDir));
	app.use(errorHandler);
	return app;
}
