import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * Serves the built app: hashed assets under /_app/immutable are cached for a year, everything else is
 * revalidated (so a new service worker and index.html are seen at once), and any other GET that is not a file
 * gets index.html so client-side routes work on reload.
 */
export function staticApp(buildDir: string): Router {
	const router = Router();
	const indexFile = path.join(buildDir, 'index.html');
	if (!fs.existsSync(indexFile)) {
		const missing: RequestHandler = (_req, res) => {
			res.status(503).type('text/plain').send('The app is not built yet: run `npm run build`, then restart.');
		};
		router.get(/^(?!\/api\/).*/, missing);
		return router;
	}
	router.use(
		'/_app/immutable',
		express.static(path.join(buildDir, '_app', 'immutable'), { immutable: true, maxAge: '1y', fallthrough: false })
	);
	router.use(
		express.static(buildDir, {
			index: false,
			setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache')
		})
	);
	router.get(/^(?!\/api\/).*/, (req, res, next) => {
		if (!req.accepts('html')) return next();
		res.setHeader('Cache-Control', 'no-cache');
		res.sendFile(indexFile);
	});
	return router;
}
