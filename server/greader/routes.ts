import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { compress } from '../http/compress';
import { notFound } from '../domain-errors';
import { HttpError } from '../http/errors';
import { parse } from '../http/validate';
import { loginRateLimits, rateLimitsOf } from '../auth/login-rate-limit';
import { editTokenFor } from '../app-passwords/app-password-secrets';
import { signInWithAppPassword } from '../app-passwords/app-passwords-service';
import type { EditOutcome } from './edit-transaction';
import {
	disableTag,
	editSubscriptions,
	editTags,
	markAllAsRead,
	parseItemIds,
	quickAdd,
	renameTag
} from './edit-service';
import { atomFeed } from './atom';
import { feedStreamId } from './ids';
import { readerParams } from './reader-params';
import { checkEditToken, currentReaderAuth, requireReaderAuth } from './reader-auth';
import { itemContents, streamContents, streamItemIds, subscriptionList, tagList, unreadCounts } from './reader-service';
import { streamQuery } from './stream-query';

/** Bodies of thousands of `i=` (edit-tag of a whole history) and OPML files of thousands of feeds. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_IDS = 10_000;
const MAX_CONTENTS = 1000;

const loginSchema = z.object({
	Email: z.string().trim().min(1, { message: 'Email (your username) is missing' }).max(200),
	Passwd: z.string().min(1, { message: 'Passwd (an app password) is missing' }).max(1024)
});

/** A write's answer, exactly as clients compare it. */
const ok = (res: Response) => res.type('text/plain').send('OK');

/** JSON, or with `output=xml`… still JSON: every client in use asks for JSON, and Atom has its own route. */
const json = (res: Response, body: unknown) => res.json(body);

/** A stream id in the path: `stream/contents/feed%2F12` and `stream/contents/feed/12` name the same stream. */
const pathStream = (req: Request) => {
	const rest = req.params.stream as string[] | undefined;
	return rest && rest.length > 0 ? rest.join('/') : undefined;
};

export function greaderRoutes(deps: AppDeps): Router {
	const { store, bus, refresher } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	const auth = requireReaderAuth(store, now, deps.logger);
	const userOf = (req: Request) => currentReaderAuth(req).userId;
	const contentsContext = (req: Request) => ({ now: now(), origin: `${req.protocol}://${req.get('host')}` });
	const committed = (req: Request, outcome: EditOutcome<unknown>) => {
		if (outcome.changed) bus.notify([userOf(req)]);
		for (const feedId of outcome.subscribedFeedIds) refresher.requestRefresh(feedId);
	};

	router.use((_req, res, next) => {
		res.setHeader('Cache-Control', 'no-store');
		next();
	}, compress());
	// The raw bytes, whatever the Content-Type: ReaderParams reads them as a form, import as OPML.
	router.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));

	const login: RequestHandler[] = [
		// Failed sign-ins count against the same limits as the web sign-in's (per address and per username).
		...loginRateLimits(rateLimitsOf(deps), deps.logger, (req) => readerParams(req).get('Email')),
		async (req, res) => {
			const params = readerParams(req);
			const { Email, Passwd } = parse(loginSchema, params.single(['Email', 'Passwd']), 'sign-in');
			const token = await signInWithAppPassword(store, Email, Passwd);
			if (!token) throw new HttpError(401, 'invalid_credentials', 'wrong username or app password');
			if (params.get('output') === 'json') return json(res, { SID: token, LSID: null, Auth: token });
			res.type('text/plain').send(`SID=${token}\nLSID=null\nAuth=${token}\n`);
		}
	];
	router.post('/accounts/ClientLogin', ...login);
	router.get('/accounts/ClientLogin', ...login);

	const api = Router();
	router.use('/reader/api/0', auth, api);

	api.all('/token', (req, res) => {
		res.type('text/plain').send(editTokenFor(currentReaderAuth(req).authToken));
	});

	api.all('/user-info', (req, res) => {
		const { userId, username } = currentReaderAuth(req);
		json(res, { userId: String(userId), userName: username, userProfileId: String(userId), userEmail: '' });
	});

	api.all('/tag/list', async (req, res) => json(res, await tagList(store, userOf(req))));
	api.all('/subscription/list', async (req, res) => json(res, await subscriptionList(store, userOf(req))));
	api.all('/unread-count', async (req, res) => json(res, await unreadCounts(store, userOf(req))));

	api.all('/stream/items/ids', async (req, res) => {
		const query = await streamQuery(store, userOf(req), readerParams(req), { defaultItems: 20, maxItems: MAX_IDS });
		json(res, await streamItemIds(store, query));
	});

	api.all('/stream/items/contents', async (req, res) => {
		const ids = parseItemIds(readerParams(req).getAll('i'));
		if (ids.length > MAX_CONTENTS) {
			throw new HttpError(400, 'invalid_request', `ask for at most ${MAX_CONTENTS} items at a time`);
		}
		json(res, await itemContents(store, userOf(req), ids, contentsContext(req)));
	});

	api.all(['/stream/contents', '/stream/contents/*stream'], async (req, res) => {
		const options = { streamId: pathStream(req), defaultItems: 20, maxItems: MAX_CONTENTS };
		const query = await streamQuery(store, userOf(req), readerParams(req), options);
		json(res, await streamContents(store, userOf(req), query, contentsContext(req)));
	});

	api.post('/edit-tag', checkEditToken, async (req, res) => {
		const params = readerParams(req);
		const ids = parseItemIds(params.getAll('i'));
		committed(req, await editTags(store, userOf(req), now(), ids, params.getAll('a'), params.getAll('r')));
		ok(res);
	});

	api.post('/mark-all-as-read', checkEditToken, async (req, res) => {
		const params = readerParams(req);
		const { s, ts } = parse(markAllSchema, params.single(['s', 'ts']), 'mark-all-as-read');
		committed(req, await markAllAsRead(store, userOf(req), now(), s, ts));
		ok(res);
	});

	api.post('/subscription/edit', checkEditToken, async (req, res) => {
		const params = readerParams(req);
		const { ac, t } = parse(subscriptionEditSchema, params.single(['ac', 't']), 'subscription edit');
		const edit = {
			action: ac,
			streams: params.getAll('s'),
			title: t,
			add: params.getAll('a'),
			remove: params.getAll('r')
		};
		committed(req, await editSubscriptions(store, userOf(req), now(), edit));
		ok(res);
	});

	api.post('/subscription/quickadd', checkEditToken, async (req, res) => {
		const { quickadd } = parse(quickAddSchema, readerParams(req).single(['quickadd']), 'quickadd');
		const outcome = await quickAdd(store, userOf(req), now(), quickadd);
		committed(req, outcome);
		if (outcome.value === undefined) return json(res, { numResults: 0, query: quickadd });
		json(res, { numResults: 1, query: quickadd, streamId: feedStreamId(outcome.value), streamName: quickadd });
	});

	api.post('/subscription/import', checkEditToken, async (req, res) => {
		const { importOpml } = await import('../feeds/opml/opml-import');
		const xml = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
		const { feedIds, added } = await importOpml(store, userOf(req), xml, now());
		committed(req, { value: undefined, changed: added > 0, subscribedFeedIds: feedIds });
		ok(res);
	});

	api.post('/rename-tag', checkEditToken, async (req, res) => {
		const { s, dest } = parse(renameSchema, readerParams(req).single(['s', 'dest']), 'rename-tag');
		committed(req, await renameTag(store, userOf(req), now(), s, dest));
		ok(res);
	});

	api.post('/disable-tag', checkEditToken, async (req, res) => {
		const params = readerParams(req);
		const s = params.get('s') ?? (params.get('t') ? `user/-/label/${params.get('t')}` : undefined);
		const label = parse(z.string().min(1, { message: 'name the label with s=' }), s ?? '', 'disable-tag');
		committed(req, await disableTag(store, userOf(req), now(), label));
		ok(res);
	});

	router.get(['/reader/atom', '/reader/atom/*stream'], auth, async (req, res) => {
		const options = { streamId: pathStream(req), defaultItems: 20, maxItems: MAX_CONTENTS };
		const query = await streamQuery(store, userOf(req), readerParams(req), options);
		res
			.type('application/atom+xml')
			.send(atomFeed(await streamContents(store, userOf(req), query, contentsContext(req))));
	});

	router.use((req, _res, next) => next(notFound(`no Reader API endpoint ${req.method} ${req.path}`)));
	return router;
}

const markAllSchema = z.object({
	s: z.string().min(1, { message: 'name the stream with s=' }),
	ts: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().nonnegative().optional())
});
const subscriptionEditSchema = z.object({
	ac: z.enum(['subscribe', 'unsubscribe', 'edit']),
	t: z.string().trim().max(200).optional()
});
const quickAddSchema = z.object({ quickadd: z.string().trim().min(1, { message: 'quickadd=<feed URL> is missing' }) });
const renameSchema = z.object({ s: z.string().min(1), dest: z.string().min(1) });
