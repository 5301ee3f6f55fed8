import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../auth/require-auth';
import type { AppDeps } from '../../deps';
import { HttpError, notFound } from '../../http/errors';
import { parse } from '../../http/validate';
import { FetchError } from '../fetch/safe-fetch';
import { discoverTypedAddress, NoFeedFoundError } from './discover';

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
	const auth = requireAuth(deps.db, deps.now ?? Date.now, deps.logger);
	router.post('/discover', auth, async (req, res) => {
		const { url } = parse(discoverBody, req.body);
		try {
			res.json(await discoverTypedAddress(url, { allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS }));
		} catch (err) {
			throw toHttpError(err);
		}
	});
	return router;
}

/** What went wrong, for the person who typed the URL: their input (400), nothing there (404), or the site (502). */
function toHttpError(err: unknown): unknown {
	if (err instanceof NoFeedFoundError) return notFound(err.message);
	if (!(err instanceof FetchError)) return err;
	if (err.code === 'blocked_address' || err.code === 'bad_scheme' || err.code === 'bad_url') {
		return new HttpError(400, 'invalid_request', err.message);
	}
	return new HttpError(502, 'bad_gateway', `could not read that address: ${err.message}`);
}
