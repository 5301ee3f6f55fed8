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
	const { db } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	const auth = requireAuth(db, now, deps.logger);

	router.get('/auth/sessions', auth, (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		res.json({ sessions: listDevices(db, userId, sessionId, now()) });
	});

	router.post('/auth/sessions/revoke-others', auth, (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		const revoked = signOutOtherDevices(db, userId, sessionId, now());
		deps.bus.sessionsEnded(userId);
		res.json({ revoked });
	});

	router.delete('/auth/sessions/:id', auth, (req, res) => {
		const { id } = parse(sessionIdSchema, req.params, 'session id');
		signOutDevice(db, currentAuth(req).userId, id, now());
		deps.bus.sessionsEnded(currentAuth(req).userId);
		res.status(204).end();
	});

	router.patch('/auth/me', auth, (req, res) => {
		const { username } = parse(usernameChangeSchema, req.body);
		res.json({ user: changeUsername(db, currentAuth(req).userId, username) });
	});

	router.delete('/auth/me', auth, passwordCheckRateLimit(deps), async (req, res) => {
		const { password } = parse(accountDeleteSchema, req.body);
		await deleteOwnAccount(db, currentAuth(req).userId, password);
		deps.bus.sessionsEnded(currentAuth(req).userId);
		res.status(204).end();
	});

	return router;
}
