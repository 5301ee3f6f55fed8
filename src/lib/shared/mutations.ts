import { z } from 'zod';
import { orderKeySchema } from './order-keys';

/**
 * Every mutation the app can queue. They carry absolute values, never toggles, so replaying one is harmless and
 * the last to reach the server wins. Ids of folders and subscriptions are made by the client (UUIDs); entry ids
 * are the server's.
 */
/** Client-made ids, lower-cased: the same UUID in another letter case must name the same row, never a second one. */
export const clientIdSchema = z.uuid().toLowerCase();
const uuid = clientIdSchema;
/**
 * A feed's address as one feed row knows it: WHATWG URL parsing lower-cases the host and drops a default port,
 * and the fragment never reaches the server, so addresses that differ only there share one feed.
 */
export const feedUrlSchema = z
	.url({ protocol: /^https?$/ })
	.max(2048)
	.transform((url) => {
		const parsed = new URL(url);
		parsed.hash = '';
		return parsed.href;
	});
const name = z.string().trim().min(1).max(200);
const entryId = z.number().int().positive();

export const userSettingsSchema = z.object({
	theme: z.enum(['light', 'dark', 'system']),
	sortOrder: z.enum(['newest', 'oldest']),
	hideRead: z.boolean(),
	offlineDays: z.number().int().min(1).max(3650)
});
export type UserSettings = z.infer<typeof userSettingsSchema>;
export const defaultUserSettings: UserSettings = {
	theme: 'system',
	sortOrder: 'newest',
	hideRead: false,
	offlineDays: 30
};

/** More than any account holds: one mark-all-read lists the feeds of its scope. */
export const MAX_FEEDS_IN_SCOPE = 20_000;

export const markAllReadScopeSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('all') }),
	z.object({ kind: z.literal('folder'), folderId: uuid }),
	z.object({ kind: z.literal('subscription'), subscriptionId: uuid })
]);
export type MarkAllReadScope = z.infer<typeof markAllReadScopeSchema>;

export const mutationArgsSchemas = {
	'folder.create': z.object({ folderId: uuid, name, orderKey: orderKeySchema }),
	'folder.rename': z.object({ folderId: uuid, name }),
	'folder.reorder': z.object({ folderId: uuid, orderKey: orderKeySchema }),
	'folder.delete': z.object({ folderId: uuid }),
	'subscription.create': z.object({
		subscriptionId: uuid,
		url: feedUrlSchema,
		folderId: uuid.nullable(),
		orderKey: orderKeySchema,
		title: name.nullable().optional()
	}),
	'subscription.update': z
		.object({
			subscriptionId: uuid,
			folderId: uuid.nullable().optional(),
			orderKey: orderKeySchema.optional(),
			title: name.nullable().optional()
		})
		.refine((a) => a.folderId !== undefined || a.orderKey !== undefined || a.title !== undefined, {
			message: 'nothing to update'
		}),
	'subscription.delete': z.object({ subscriptionId: uuid }),
	'entry.setRead': z.object({ entryIds: z.array(entryId).min(1).max(1000), read: z.boolean() }),
	'entry.setStarred': z.object({ entryId, starred: z.boolean() }),
	/**
	 * `upTo` is the highest entry id the device had in that scope: entries that arrive later stay unread.
	 * `feedIds` are the feeds the device had in the scope: a feed that joined it elsewhere meanwhile (subscribed
	 * or moved in on another device) stays unread too, since the person never saw it there. Absent: every feed.
	 */
	'entry.markAllRead': z.object({
		scope: markAllReadScopeSchema,
		upTo: entryId,
		feedIds: z.array(z.number().int().positive()).max(MAX_FEEDS_IN_SCOPE).optional()
	}),
	'settings.update': z.object({ settings: userSettingsSchema.partial() })
} as const;

export type MutationName = keyof typeof mutationArgsSchemas;
export type MutationArgs<N extends MutationName> = z.infer<(typeof mutationArgsSchemas)[N]>;
export const mutationNames = Object.keys(mutationArgsSchemas) as MutationName[];

/** A mutation as the app builds it: name and args typed together. */
export type Mutation = { [N in MutationName]: { id: number; name: N; args: MutationArgs<N> } }[MutationName];

/**
 * The envelope of one mutation in a push. Name and args are checked one mutation at a time on the server, so a
 * bad one is rejected on its own instead of failing the whole request.
 */
export const mutationEnvelopeSchema = z.object({
	id: z.number().int().positive(),
	name: z.string().max(100),
	args: z.unknown()
});
export type MutationEnvelope = z.infer<typeof mutationEnvelopeSchema>;

export type ParsedMutation =
	{ ok: true; mutation: Mutation } | { ok: false; code: 'unknown_mutation' | 'invalid_args'; message: string };

export function parseMutation(envelope: MutationEnvelope): ParsedMutation {
	const schema = mutationArgsSchemas[envelope.name as MutationName];
	if (!Object.hasOwn(mutationArgsSchemas, envelope.name) || !schema) {
		return { ok: false, code: 'unknown_mutation', message: `unknown mutation "${envelope.name}"` };
	}
	const args = schema.safeParse(envelope.args);
	if (!args.success) return { ok: false, code: 'invalid_args', message: z.prettifyError(args.error) };
	return { ok: true, mutation: { id: envelope.id, name: envelope.name, args: args.data } as Mutation };
}
