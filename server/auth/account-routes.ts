import { Router } from 'express';
import { z } from 'zod';
import { accountDeleteSchema, usernameChangeSchema } from '#shared/accounts';
import type { AppDeps } from '../deps';
import { parse } from '../http/validate';
import { changeUsername, deleteOwnAccount, listDevices, signOutDevice, signOutOtherDevices } from './account-service';
import { passwordCheckRateLimit } from './login-rate-limit';
import { currentAuth, requireAuth } from './require-auth';

const sessionIdSchema = z.object({ id: z.coerce.number().int().positive() });

/** What a signed-in user manages about their own account: devices, name, the account itself. */
export function accountRoutes(deps: AppDeps): Router {
	const { store } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	const auth = requireAuth(store, now, deps.logger);

	router.get('/auth/sessions', auth, async (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		res.json({ sessions: await listDevices(store, userId, sessionId, now()) });
	});

	router.post('/auth/sessions/revoke-others', auth, async (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		const revoked = await signOutOtherDevices(store, userId, sessionId, now());
		deps.bus.sessionsEnded(userId);
		res.json({ revoked });
	});

	router.delete('/auth/sessions/:id', auth, async (req, res) => {
		const { id } = parse(sessionIdSchema, req.params, 'session id');
		await signOutDevice(store, currentAuth(req).userId, id, now());
		deps.bus.sessionsEnded(currentAuth(req).userId);
		res.status(204).end();
	});

	router.patch('/auth/me', auth, async (req, res) => {
		const { username } = parse(usernameChangeSchema, req.body);
		res.json({ user: await changeUsername(store, currentAuth(req).userId, username) });
	});

	router.delete('/auth/me', auth, passwordCheckRateLimit(deps), async (req, res) => {
		const { password } = parse(accountDeleteSchema, req.body);
		await deleteOwnAccount(store, currentAuth(req).userId, password);
		deps.bus.sessionsEnded(currentAuth(req).userId);
		res.status(204).end();
	});

	return router;
}
