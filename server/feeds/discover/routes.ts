import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../auth/require-auth';
import type { AppDeps } from '../../deps';
import { parse } from '../../http/validate';

/** A URL as people type it: "example.com/blog" is tried as https://example.com/blog, then over http. */
const discoverBody = z.object({
	url: z
		.string()
		.trim()
		.min(1)
		.max(2048)
		.refine((raw) => URL.canParse(raw) || URL.canParse(`https://${raw}`), { message: 'not a valid URL' })
});

/** POST /discover {url} -> {feeds: [{url, title, kind}]}. */
export function discoverRoutes(deps: AppDeps): Router {
	const router = Router();
	const auth = requireAuth(deps.store, deps.now ?? Date.now, deps.logger);
	router.post('/discover', auth, async (req, res) => {
		const { url } = parse(discoverBody, req.body);
		// Discovery's fetcher and HTML reader load with the first address looked up.
		const { discoverFor } = await import('./discover');
		res.json(await discoverFor(url, { allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS }));
	});
	return router;
}
