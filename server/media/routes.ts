import { Router, type Response } from 'express';
import type { AppDeps } from '../deps';
import { forbidden, notFound } from '../domain-errors';
import { HttpError } from '../http/errors';
import { mediaKey } from './media-key';
import { verifyMediaUrl } from './media-signing';

/** A signed URL names one image for good: browsers and the service worker may keep it a year without asking. */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * GET /api/media/<signature>/<url>: images from feeds, same-origin. No session (an img sends no bearer token), so
 * it serves only URLs this server signed at ingest; anything else is a 404 before any fetch.
 */
export function mediaRoutes(deps: AppDeps): Router {
	const router = Router();
	const key = mediaKey(deps.config);
	router.get('/media/:sig/:url', async (req, res) => {
		const url = key ? verifyMediaUrl(key, req.params.sig, req.params.url) : null;
		if (!url) throw notFound('no such media');
		// The fetcher and the image sniffer (undici, file-type) load with the first image asked for.
		const { fetchMedia, MediaError } = await import('./fetch-media');
		const answer = await fetchMedia(url, {
			allowPrivate: deps.config.ALLOW_PRIVATE_FEEDS,
			ifNoneMatch: req.get('if-none-match')
		}).catch((err: unknown) => {
			if (!(err instanceof MediaError)) throw err;
			if (err.status === 403) throw forbidden(err.message);
			throw err.status === 404 ? notFound(err.message) : new HttpError(502, 'bad_gateway', err.message);
		});
		cacheHeaders(res, answer.etag);
		if (answer.status === 304) {
			res.status(304).end();
			return;
		}
		res.setHeader('Content-Type', answer.contentType);
		if (answer.lastModified) res.setHeader('Last-Modified', answer.lastModified);
		res.send(answer.body);
	});
	return router;
}

function cacheHeaders(res: Response, etag: string): void {
	res.setHeader('Cache-Control', CACHE_CONTROL);
	res.setHeader('ETag', etag);
}
