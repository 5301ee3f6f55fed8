import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { currentAuth, requireAuth } from '../auth/require-auth';
import { notFound } from '../domain-errors';
import { parse } from '../http/validate';
import { createAppPasswordSchema } from '#shared/app-passwords';
import { createAppPassword, listUserAppPasswords, revokeAppPassword } from './app-passwords-service';

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** /api/app-passwords: signed in with the web session only (an app password never works here). */
export function appPasswordRoutes(deps: AppDeps): Router {
	const { store } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	router.use('/app-passwords', requireAuth(store, now, deps.logger));

	router.post('/app-passwords', async (req, res) => {
		const { name } = parse(createAppPasswordSchema, req.body, 'app password');
		res.status(201).json(await createAppPassword(store, currentAuth(req).userId, name, now()));
	});

	router.get('/app-passwords', async (req, res) => {
		res.json({ appPasswords: await listUserAppPasswords(store, currentAuth(req).userId) });
	});

	router.delete('/app-passwords/:id', async (req, res) => {
		const id = idParam.safeParse(req.params.id);
		// An id that cannot be one names nothing of the user's.
		if (!id.success) throw notFound('no such app password');
		await revokeAppPassword(store, currentAuth(req).userId, id.data);
		res.status(204).end();
	});

	return router;
}
