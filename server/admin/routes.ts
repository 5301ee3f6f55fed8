import { Router } from 'express';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../../src/lib/shared/api';
import type { AppDeps } from '../deps';
import { parse } from '../http/validate';
import { requireAdmin, requireAuth } from '../auth/require-auth';
import { writeTransaction } from '../db/version';
import { getServerSettings, updateServerSettings } from './settings-repo';
import { listUsersForAdmin, removeUser, resetPassword, setDisabled } from './admin-service';

const settingsPatchSchema = z
	.object({ signupEnabled: z.boolean(), retentionDays: z.number().int().min(1).max(36500) })
	.partial()
	.strict();
const userIdSchema = z.object({ id: z.coerce.number().int().positive() });
const userPatchSchema = z.object({ disabled: z.boolean() }).strict();
const passwordSchema = z.object({ password: z.string().min(PASSWORD_MIN_LENGTH).max(1024) }).strict();

export function adminRoutes(deps: AppDeps): Router {
	const { db } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	router.use(requireAuth(db, now, deps.logger), requireAdmin);

	router.get('/settings', (_req, res) => {
		res.json(getServerSettings(db));
	});

	router.patch('/settings', (req, res) => {
		const changes = parse(settingsPatchSchema, req.body);
		res.json(writeTransaction(db, () => updateServerSettings(db, changes)));
	});

	router.get('/users', (_req, res) => {
		res.json({ users: listUsersForAdmin(db) });
	});

	router.patch('/users/:id', (req, res) => {
		const { id } = parse(userIdSchema, req.params, 'user id');
		setDisabled(db, id, parse(userPatchSchema, req.body).disabled, now());
		res.status(204).end();
	});

	router.delete('/users/:id', (req, res) => {
		removeUser(db, parse(userIdSchema, req.params, 'user id').id);
		res.status(204).end();
	});

	router.post('/users/:id/password', async (req, res) => {
		const { id } = parse(userIdSchema, req.params, 'user id');
		await resetPassword(db, id, parse(passwordSchema, req.body).password, now());
		res.status(204).end();
	});

	return router;
}
