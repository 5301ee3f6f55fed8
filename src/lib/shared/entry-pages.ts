import { z } from 'zod';
import { clientIdSchema } from './mutations';
import { syncEntrySchema } from './sync';

/**
 * A view's entries, page by page, straight from the server (`GET /api/entries`): how a list reaches entries
 * older than what the device keeps offline. Pages follow the list's own order, newest or oldest first by
 * publication date with ties by id, and continue from a cursor (keyset), so a page costs the same wherever it is.
 */

export const ENTRY_PAGE_DEFAULT = 50;
export const ENTRY_PAGE_MAX = 200;

/** Where a list stands: the date and id of the last entry it holds, `<publishedAt>:<id>`. */
export interface EntryCursor {
	publishedAt: number;
	id: number;
}

export const encodeEntryCursor = (cursor: EntryCursor): string => `${cursor.publishedAt}:${cursor.id}`;

const cursorSchema = z
	.string()
	.regex(/^-?\d{1,16}:\d{1,16}$/, 'a cursor is <publishedAt>:<id>, as the previous page returned it')
	.transform((text): EntryCursor => {
		const [publishedAt, id] = text.split(':').map(Number);
		return { publishedAt: publishedAt!, id: id! };
	});

const pageOptions = {
	/** Only unread entries (the list's "Hide read"). */
	unreadOnly: z.stringbool().default(false),
	order: z.enum(['newest', 'oldest']).default('newest'),
	/** Entries after this one in the list's order; absent: from the list's start. */
	after: cursorSchema.optional(),
	limit: z.coerce.number().int().min(1).max(ENTRY_PAGE_MAX).default(ENTRY_PAGE_DEFAULT)
};

/** Entries by id, for search results the device does not hold: `<id>,<id>,…`, at most a page of them. */
const entryIdsSchema = z
	.string()
	.max(ENTRY_PAGE_MAX * 17)
	.regex(/^\d{1,16}(,\d{1,16})*$/, 'ids are entry ids separated by commas')
	.transform((text) => [...new Set(text.split(',').map(Number))])
	.pipe(z.array(z.number().int().positive()).max(ENTRY_PAGE_MAX));

export const entryPageQuerySchema = z.discriminatedUnion('scope', [
	z.object({ scope: z.literal('ids'), ids: entryIdsSchema }),
	z.object({ scope: z.literal('all'), ...pageOptions }),
	z.object({ scope: z.literal('starred'), ...pageOptions }),
	z.object({ scope: z.literal('subscription'), subscriptionId: clientIdSchema, ...pageOptions }),
	z.object({ scope: z.literal('folder'), folderId: clientIdSchema, ...pageOptions })
]);
export type EntryPageQuery = z.infer<typeof entryPageQuerySchema>;

/** Which list: every feed, the starred entries, one feed or one folder. */
export type EntryListScope =
	| { scope: 'all' }
	| { scope: 'starred' }
	| { scope: 'subscription'; subscriptionId: string }
	| { scope: 'folder'; folderId: string }
	| { scope: 'ids'; ids: string };
/** The query as the app writes it, before it becomes the address's parameters. */
export type EntryPageRequest = EntryListScope & {
	unreadOnly?: boolean;
	order?: 'newest' | 'oldest';
	after?: string;
	limit?: number;
};

export const pagedEntrySchema = syncEntrySchema.extend({ read: z.boolean(), starred: z.boolean() });
export type PagedEntry = z.infer<typeof pagedEntrySchema>;

export const entryPageSchema = z.object({
	entries: z.array(pagedEntrySchema),
	/** The cursor of the next page; null when the list has no more. */
	next: z.string().nullable()
});
export type EntryPage = z.infer<typeof entryPageSchema>;
