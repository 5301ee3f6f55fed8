import { Router } from 'express';
import { z } from 'zod';
import { credentialsSchema, PASSWORD_MIN_LENGTH } from '#shared/api';
import { loginSchema, signupSchema } from '#shared/accounts';
import type { AppDeps } from '../deps';
import { parse } from '../http/validate';
import {
	changePassword,
	currentUser,
	login,
	logout,
	setupAdmin,
	setupStatus,
	signup,
	type SessionContext
} from './auth-service';
import { accountCreationRateLimit, loginRateLimits, passwordCheckRateLimit, rateLimitsOf } from './login-rate-limit';
import { currentAuth, requireAuth } from './require-auth';

const passwordChangeSchema = z.object({
	currentPassword: z.string().max(1024),
	newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(1024)
});

export function authRoutes(deps: AppDeps): Router {
	const { store } = deps;
	const now = deps.now ?? Date.now;
	const auth = requireAuth(store, now, deps.logger);
	const context = (userAgent: string | undefined, deviceName?: string): SessionContext => ({
		db: store,
		now: now(),
		userAgent: userAgent ?? null,
		deviceName: deviceName ?? null
	});
	const limits = rateLimitsOf(deps);
	const createLimit = accountCreationRateLimit(limits.accountCreationPerIp, limits.windowMs);
	const router = Router();

	router.get('/setup/status', async (_req, res) => {
		res.json(await setupStatus(store));
	});

	router.post('/setup', createLimit, async (req, res) => {
		const credentials = parse(credentialsSchema, req.body);
		res.status(201).json(await setupAdmin(context(req.get('user-agent')), credentials));
	});

	router.post('/auth/signup', createLimit, async (req, res) => {
		const request = parse(signupSchema, req.body);
		res.status(201).json(await signup(context(req.get('user-agent'), request.device), request));
	});

	router.post('/auth/login', ...loginRateLimits(limits, deps.logger), async (req, res) => {
		const credentials = parse(loginSchema, req.body);
		res.json(await login(context(req.get('user-agent'), credentials.device), credentials));
	});

	router.post('/auth/logout', auth, async (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		await logout(store, sessionId, now());
		deps.bus.sessionsEnded(userId);
		res.status(204).end();
	});

	router.get('/auth/me', auth, async (req, res) => {
		res.json({ user: await currentUser(store, currentAuth(req).userId) });
	});

	router.post('/auth/password', auth, passwordCheckRateLimit(deps), async (req, res) => {
		const body = parse(passwordChangeSchema, req.body);
		const { userId, sessionId } = currentAuth(req);
		await changePassword(context(req.get('user-agent')), userId, sessionId, body.currentPassword, body.newPassword);
		deps.bus.sessionsEnded(userId);
		res.status(204).end();
	});

	return router;
}
