import { Router } from 'express';
import type { Db } from '../db/open';
import { pingDatabase } from '../db/ping';
import { unavailable } from './errors';

/** Health runs a real query, so a database that cannot answer makes the check fail (503). */
export function healthRoutes(db: Db): Router {
	const router = Router();
	router.get('/health', (_req, res) => {
		try {
			pingDatabase(db);
		} catch {
			throw unavailable('the database is not answering');
		}
		res.json({ status: 'ok' });
	});
	return router;
}
