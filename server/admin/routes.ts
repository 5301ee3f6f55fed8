import { Router } from 'express';
import { z } from 'zod';
import {
	adminPasswordSchema,
	adminUserCreateSchema,
	adminUserPatchSchema,
	invitationCreateSchema
} from '#shared/accounts';
import type { AppDeps } from '../deps';
import { parse } from '../http/validate';
import { currentAuth, requireAdmin, requireAuth } from '../auth/require-auth';
import {
	changeServerSettings,
	createUser,
	listUsersForAdmin,
	removeUser,
	resetPassword,
	serverSettings,
	updateUser
} from './admin-service';
import { createInvitation, listInvitationsForAdmin, revokeInvitationById } from './invitations-service';

const settingsPatchSchema = z
	.object({ signupEnabled: z.boolean(), retentionDays: z.number().int().min(1).max(36500) })
	.partial()
	.strict();
const idSchema = z.object({ id: z.coerce.number().int().positive() });

export function adminRoutes(deps: AppDeps): Router {
	const { store } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	router.use(requireAuth(store, now, deps.logger), requireAdmin);

	router.get('/settings', async (_req, res) => {
		res.json(await serverSettings(store));
	});

	router.patch('/settings', async (req, res) => {
		const changes = parse(settingsPatchSchema, req.body);
		res.json(await changeServerSettings(store, changes));
	});

	router.get('/users', async (_req, res) => {
		res.json({ users: await listUsersForAdmin(store) });
	});

	router.post('/users', async (req, res) => {
		const body = parse(adminUserCreateSchema, req.body);
		res.status(201).json({ user: await createUser(store, { ...body, now: now() }) });
	});

	router.patch('/users/:id', async (req, res) => {
		const { id } = parse(idSchema, req.params, 'user id');
		await updateUser(store, id, parse(adminUserPatchSchema, req.body), now());
		deps.bus.sessionsEnded(id);
		res.status(204).end();
	});

	router.delete('/users/:id', async (req, res) => {
		const { id } = parse(idSchema, req.params, 'user id');
		await removeUser(store, id);
		deps.bus.sessionsEnded(id);
		res.status(204).end();
	});

	router.post('/users/:id/password', async (req, res) => {
		const { id } = parse(idSchema, req.params, 'user id');
		await resetPassword(store, id, parse(adminPasswordSchema, req.body).password, now());
		deps.bus.sessionsEnded(id);
		res.status(204).end();
	});

	router.get('/invitations', async (_req, res) => {
		res.json({ invitations: await listInvitationsForAdmin(store, now()) });
	});

	router.post('/invitations', async (req, res) => {
		const body = parse(invitationCreateSchema, req.body ?? {});
		const origin = `${req.protocol}://${req.get('host')}`;
		res
			.status(201)
			.json(await createInvitation(store, { ...body, createdBy: currentAuth(req).userId, now: now(), origin }));
	});

	router.delete('/invitations/:id', async (req, res) => {
		await revokeInvitationById(store, parse(idSchema, req.params, 'invitation id').id, now());
		res.status(204).end();
	});

	return router;
}
