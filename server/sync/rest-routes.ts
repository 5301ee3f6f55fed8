import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { currentAuth, requireAuth } from '../auth/require-auth';
import { notFound } from '../domain-errors';
import { parse } from '../http/validate';
import { clientIdSchema, mutationArgsSchemas } from '#shared/mutations';
import { orderKeySchema } from '#shared/order-keys';
import { patchFolder, patchSubscription } from './rest-service';

const subscriptionPatchSchema = z
	.object({
		folderId: z.string().nullable().optional(),
		orderKey: z.string().optional(),
		title: z.string().nullable().optional()
	})
	.strict();
const folderPatchSchema = z
	.object({ name: z.string().trim().min(1).max(200).optional(), orderKey: orderKeySchema.optional() })
	.strict()
	.refine((p) => p.name !== undefined || p.orderKey !== undefined, { message: 'nothing to update' });

/** An id that cannot be a folder or subscription id names nothing of the user's. */
function idParam(value: string | string[] | undefined, what: string): string {
	const parsed = clientIdSchema.safeParse(value);
	if (!parsed.success) throw notFound(`${what} not found`);
	return parsed.data;
}

/** PATCH /api/subscriptions/:id and PATCH /api/folders/:id, for scripts. */
export function syncRestRoutes(deps: AppDeps): Router {
	const { store, bus } = deps;
	const now = deps.now ?? Date.now;
	const router = Router();
	const auth = requireAuth(store, now, deps.logger);

	router.patch('/subscriptions/:id', auth, async (req, res) => {
		const subscriptionId = idParam(req.params.id, 'subscription');
		const body = parse(subscriptionPatchSchema, req.body, 'subscription change');
		const args = parse(mutationArgsSchemas['subscription.update'], { ...body, subscriptionId }, 'subscription change');
		const { userId } = currentAuth(req);
		const subscription = await patchSubscription(store, userId, now(), args);
		bus.notify([userId]);
		res.json({ subscription });
	});

	router.patch('/folders/:id', auth, async (req, res) => {
		const folderId = idParam(req.params.id, 'folder');
		const changes = parse(folderPatchSchema, req.body, 'folder change');
		const { userId } = currentAuth(req);
		const folder = await patchFolder(store, userId, now(), folderId, changes);
		bus.notify([userId]);
		res.json({ folder });
	});

	return router;
}
