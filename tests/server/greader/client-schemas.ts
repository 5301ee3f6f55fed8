import { z } from 'zod';

/*
 * What each client decodes, as strictly as its decoder: the fields it requires with the types it requires
 * (Swift Codable and kotlinx.serialization fail a whole answer on one wrong type). Taken from the clients' sources:
 * NetNewsWire (ReaderAPI*.swift, Codable), Read You (GoogleReaderDTO.kt), Capy Reader (kotlinx.serialization),
 * Fluent Reader (greader.ts), newsboat (feedhqapi.cpp, rsspp's Atom parser).
 */

const numericString = z.string().regex(/^\d+$/);
const longItemId = z.string().regex(/^tag:google\.com,2005:reader\/item\/[0-9a-f]{16}$/);
const href = z.object({ href: z.string() });

/** NetNewsWire: ReaderAPIEntry. */
export const netNewsWireItem = z.object({
	id: longItemId,
	title: z.string(),
	author: z.string().optional(),
	published: z.number().int(),
	crawlTimeMsec: numericString,
	timestampUsec: numericString,
	summary: z.object({ content: z.string() }),
	alternate: z.array(href),
	categories: z.array(z.string()),
	origin: z.object({ streamId: z.string(), title: z.string(), htmlUrl: z.string() })
});
export const netNewsWireContents = z.object({
	id: z.string(),
	updated: z.number().int(),
	items: z.array(netNewsWireItem)
});
export const netNewsWireItemIds = z.object({
	itemRefs: z.array(z.object({ id: numericString })),
	continuation: z.string().optional()
});
export const netNewsWireSubscriptions = z.object({
	subscriptions: z.array(
		z.object({
			id: z.string().regex(/^feed\//),
			title: z.string(),
			categories: z.array(z.object({ id: z.string().regex(/^user\/-\/label\//), label: z.string() })),
			url: z.string(),
			htmlUrl: z.string(),
			iconUrl: z.string()
		})
	)
});
export const netNewsWireTags = z.object({ tags: z.array(z.object({ id: z.string(), type: z.string().optional() })) });

/** Read You: GoogleReaderDTO (Gson, but every numeric is read as the type declared). */
export const readYouItemIds = z.object({
	itemRefs: z.array(z.object({ id: numericString })),
	continuation: z.string().optional()
});
export const readYouItem = z.object({
	id: longItemId,
	title: z.string(),
	published: z.number().int(),
	updated: z.number().int(),
	crawlTimeMsec: numericString,
	timestampUsec: numericString,
	canonical: z.array(href),
	alternate: z.array(href),
	categories: z.array(z.string()),
	origin: z.object({ streamId: z.string(), title: z.string(), htmlUrl: z.string() }),
	summary: z.object({ content: z.string() })
});
export const readYouUserInfo = z.object({
	userId: z.string(),
	userName: z.string(),
	userProfileId: z.string(),
	userEmail: z.string()
});
export const readYouClientLogin = z.object({ SID: z.string(), LSID: z.null(), Auth: z.string() });
export const readYouUnreadCount = z.object({
	max: z.number().int(),
	unreadcounts: z.array(z.object({ id: z.string(), count: z.number().int(), newestItemTimestampUsec: numericString }))
});

/** Capy Reader: kotlinx.serialization, ignoreUnknownKeys. */
export const capyItemIds = z.object({
	itemRefs: z.array(z.object({ id: numericString })),
	continuation: z.string().optional()
});
export const capyItem = z.object({
	id: longItemId,
	published: z.number().int(),
	title: z.string(),
	canonical: z.array(href),
	author: z.string(),
	summary: z.object({ content: z.string() }),
	categories: z.array(z.string()),
	origin: z.object({ streamId: z.string(), title: z.string(), htmlUrl: z.string() }),
	enclosure: z.array(z.object({ href: z.string(), type: z.string() }))
});

/** Fluent Reader: greader.ts reads these fields of stream/contents. */
export const fluentItem = z.object({
	id: longItemId,
	title: z.string(),
	published: z.number().int(),
	crawlTimeMsec: numericString,
	alternate: z.array(z.object({ href: z.string() })),
	summary: z.object({ content: z.string() }),
	categories: z.array(z.string()),
	origin: z.object({ streamId: z.string() })
});
export const fluentStream = z.object({ items: z.array(fluentItem), continuation: z.string().optional() });
