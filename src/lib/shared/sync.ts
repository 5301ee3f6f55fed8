import { z } from 'zod';
import { mutationEnvelopeSchema, userSettingsSchema } from './mutations';

export const PROTOCOL_VERSION = 1;
export const MAX_MUTATIONS_PER_PUSH = 1000;
export const MAX_PUSH_BYTES = 1024 * 1024;

const clientId = z
	.string()
	.min(8)
	.max(64)
	.regex(/^[\w-]+$/);

export const pushRequestSchema = z.object({
	protocolVersion: z.literal(PROTOCOL_VERSION),
	clientId,
	mutations: z.array(mutationEnvelopeSchema).max(MAX_MUTATIONS_PER_PUSH)
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.object({
	id: z.number().int(),
	status: z.enum(['applied', 'duplicate', 'rejected']),
	/** Why a mutation was rejected, or a note on how it was applied (for example `moved_to_top_level`). */
	code: z.string().optional(),
	message: z.string().optional(),
	/**
	 * On a duplicate: 'rejected' when the server refused the mutation the first time (code and message are that
	 * refusal's), so a device whose answer was lost learns it. The server keeps refusals until the device pushes
	 * past them. Absent otherwise.
	 */
	firstStatus: z.literal('rejected').optional()
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
	lastMutationId: z.number().int(),
	results: z.array(mutationResultSchema)
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z.object({
	protocolVersion: z.literal(PROTOCOL_VERSION),
	clientId,
	/** Opaque; null on a device's first pull. */
	cookie: z.string().max(200).nullable(),
	limit: z.number().int().min(1).max(5000).optional()
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const syncFolderSchema = z.object({ id: z.string(), name: z.string(), orderKey: z.string() });
export type SyncFolder = z.infer<typeof syncFolderSchema>;

export const feedErrorSchema = z.object({
	message: z.string(),
	httpStatus: z.number().int().nullable(),
	consecutive: z.number().int(),
	/** True when the server stopped fetching (410 Gone). */
	gone: z.boolean()
});

export const syncSubscriptionSchema = z.object({
	id: z.string(),
	feedId: z.number().int(),
	folderId: z.string().nullable(),
	orderKey: z.string(),
	/** The user's own title, or null to show the feed's. */
	title: z.string().nullable(),
	feedTitle: z.string().nullable(),
	feedUrl: z.string(),
	siteUrl: z.string().nullable(),
	iconUrl: z.string().nullable(),
	lastFetchedAt: z.number().nullable(),
	error: feedErrorSchema.nullable()
});
export type SyncSubscription = z.infer<typeof syncSubscriptionSchema>;

export const enclosureSchema = z.object({
	url: z.string(),
	type: z.string().nullable(),
	length: z.number().nullable()
});
export type Enclosure = z.infer<typeof enclosureSchema>;

export const syncEntrySchema = z.object({
	id: z.number().int(),
	feedId: z.number().int(),
	url: z.string().nullable(),
	title: z.string(),
	author: z.string().nullable(),
	/** Plain text for lists: the feed's summary, or the start of the content. */
	summary: z.string().nullable(),
	/** Sanitized HTML. */
	content: z.string().nullable(),
	/** Sanitized full article text, once extracted. */
	fullContent: z.string().nullable(),
	publishedAt: z.number(),
	updatedAt: z.number().nullable(),
	enclosures: z.array(enclosureSchema),
	categories: z.array(z.string()),
	language: z.string().nullable(),
	dir: z.enum(['ltr', 'rtl'])
});
export type SyncEntry = z.infer<typeof syncEntrySchema>;

export const syncEntryStateSchema = z.object({
	entryId: z.number().int(),
	read: z.boolean(),
	starred: z.boolean()
});
export type SyncEntryState = z.infer<typeof syncEntryStateSchema>;

export const pullResponseSchema = z.object({
	cookie: z.string(),
	hasMore: z.boolean(),
	/** The device must drop everything it pulled before (not its outbox) and apply this pull from scratch. */
	reset: z.boolean(),
	lastMutationId: z.number().int(),
	folders: z.array(syncFolderSchema),
	subscriptions: z.array(syncSubscriptionSchema),
	entries: z.array(syncEntrySchema),
	entryStates: z.array(syncEntryStateSchema),
	/** The user's settings, when they changed. */
	settings: userSettingsSchema.nullable(),
	deleted: z.object({
		folders: z.array(z.string()),
		subscriptions: z.array(z.string()),
		entries: z.array(z.number().int())
	})
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
