import { Router } from 'express';
import type { Sql } from '../db/sql';
import { pingDatabase } from '../db/ping';
import { unavailable } from './errors';

/** Health runs a real query, so a database that cannot answer makes the check fail (503). */
export function healthRoutes(db: Sql): Router {
	const router = Router();
	router.get('/health', async (_req, res) => {
		try {
			await pingDatabase(db);
		} catch {
			throw unavailable('the database is not answering');
		}
		res.json({ status: 'ok' });
	});
	return router;
}
