import type { RequestHandler, Router } from 'express';

/**
 * `/api/greader` and its alias `/api/greader.php` (FreshRSS's path, which some clients build in), tolerating
 * doubled slashes and a trailing one in the prefix: people paste the base URL with a trailing slash and clients
 * then append `/accounts/ClientLogin`. It runs before the JSON API's body parser, because Reader clients send form
 * bodies under any Content-Type, some of them claiming JSON.
 */
const PREFIX = /^\/+api\/+greader(?:\.php)?(?=\/|$)\/*/;

export function mountGreader(router: Router): RequestHandler {
	return (req, res, next) => {
		const match = PREFIX.exec(req.url);
		if (!match) return next();
		const url = req.url;
		req.url = `/${url.slice(match[0].length)}`;
		router(req, res, (err?: unknown) => {
			req.url = url;
			next(err);
		});
	};
}
