import { Router } from 'express';
import { z } from 'zod';
import { entryPageQuerySchema } from '#shared/entry-pages';
import type { AppDeps } from '../deps';
import { currentAuth, requireAuth } from '../auth/require-auth';
import { parse } from '../http/validate';
import { mediaKey as mediaKeyFor } from '../media/media-key';
import { listEntryPage } from './entry-pages';
import { search } from './search';

const entryIdParam = z.object({ id: z.coerce.number().int().positive() });
const searchQuery = z.object({
	q: z.string().trim().min(1).max(500),
	limit: z.coerce.number().int().min(1).max(100).default(30)
});

/** A view's entries page by page, full text of one entry, and search over the user's entries. */
export function entriesRoutes(deps: AppDeps): Router {
	const router = Router();
	const now = deps.now ?? Date.now;
	const auth = requireAuth(deps.store, now, deps.logger);
	const mediaKey = mediaKeyFor(deps.config);

	router.get('/entries', auth, async (req, res) => {
		const query = parse(entryPageQuerySchema, req.query, 'entry list');
		res.json(await listEntryPage(deps.store, currentAuth(req).userId, query));
	});

	router.post('/entries/:id/extract', auth, async (req, res) => {
		const { id } = parse(entryIdParam, req.params, 'entry id');
		const ctx = {
			db: deps.store,
			bus: deps.bus,
			allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
			now: now(),
			mediaKey
		};
		// Full-text extraction (its fetcher, decoder and sanitizer) loads with the first article asked for.
		const { extractEntry } = await import('./extract');
		res.json(await extractEntry(ctx, currentAuth(req).userId, id));
	});

	router.get('/search', auth, async (req, res) => {
		const { q, limit } = parse(searchQuery, req.query, 'search');
		res.json({ results: await search(deps.store, currentAuth(req).userId, q, limit) });
	});

	return router;
}
