import { z } from 'zod';
import type { Sql } from '../db/sql';
import { invalid } from '../domain-errors';
import { parse } from '../http/validate';
import { findSubscriptionToFeed } from '../sync/repos/subscriptions-repo';
import { parseStreamId, READING_LIST } from './ids';
import type { ReaderParams } from './reader-params';
import { findFolderByName, findSubscriptionByFeedUrl, type ItemFilter } from './reader-repo';

/** What a stream id names among the user's things; an unknown stream is a 400, never an empty list. */
export interface ResolvedStream {
	id: string;
	feedId?: number;
	folderId?: string;
	only?: 'read' | 'starred';
	unreadOnly?: boolean;
}

const unknownStream = (id: string) => invalid(`unknown stream "${id}"`);

export async function resolveStream(db: Sql, userId: number, id: string): Promise<ResolvedStream> {
	const parsed = parseStreamId(id);
	if (!parsed) throw unknownStream(id);
	switch (parsed.kind) {
		case 'state':
			if (parsed.state === 'reading-list') return { id };
			if (parsed.state === 'read' || parsed.state === 'starred') return { id, only: parsed.state };
			// Tidings keeps no separate "kept unread" mark: the stream holds the unread entries.
			if (parsed.state === 'kept-unread') return { id, unreadOnly: true };
			throw unknownStream(id);
		case 'label': {
			const folder = await findFolderByName(db, userId, parsed.name);
			if (!folder) throw unknownStream(id);
			return { id, folderId: folder.id };
		}
		case 'feed':
			if (!(await findSubscriptionToFeed(db, userId, parsed.feedId))) throw unknownStream(id);
			return { id, feedId: parsed.feedId };
		case 'feed-url': {
			const subscription = await findSubscriptionByFeedUrl(db, userId, parsed.url);
			if (!subscription) throw unknownStream(id);
			return { id, feedId: subscription.feed_id };
		}
	}
}

/** Clients send empty values for parameters they do not use (`ot=`): the same as leaving them out. */
const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const seconds = z.coerce.number().nonnegative().max(1e13);

const streamParamsSchema = z.object({
	s: optional(z.string().max(2048)),
	n: optional(z.coerce.number().int().positive()),
	r: optional(z.string().max(8)),
	c: optional(z.string().regex(/^\d{1,15}$/, { message: 'not a continuation this server gave' })),
	ot: optional(seconds),
	nt: optional(seconds)
});

export interface StreamQuery {
	stream: ResolvedStream;
	filter: ItemFilter;
}

/**
 * A stream request's parameters: `s` (default: the reading list), `n` (capped at `maxItems`), `r=o` for oldest
 * first, `c` (a continuation), `ot`/`nt` (crawl time in seconds), `xt`/`it` (exclude/include a state).
 */
export async function streamQuery(
	db: Sql,
	userId: number,
	params: ReaderParams,
	options: { streamId?: string; defaultItems: number; maxItems: number }
): Promise<StreamQuery> {
	const p = parse(streamParamsSchema, params.single(['s', 'n', 'r', 'c', 'ot', 'nt']), 'stream parameters');
	const stream = await resolveStream(db, userId, options.streamId || p.s || READING_LIST);
	const states = (name: string) => params.getAll(name).map((id) => parseStreamId(id));
	const isState = (state: string) => (s: ReturnType<typeof parseStreamId>) => s?.kind === 'state' && s.state === state;
	const excluded = states('xt');
	const included = states('it');
	const only =
		stream.only ??
		(included.some(isState('starred')) ? 'starred' : included.some(isState('read')) ? 'read' : undefined);
	return {
		stream,
		filter: {
			userId,
			feedId: stream.feedId,
			folderId: stream.folderId,
			only,
			exclude: {
				read: stream.unreadOnly === true || excluded.some(isState('read')),
				starred: excluded.some(isState('starred'))
			},
			since: p.ot === undefined ? undefined : Math.floor(p.ot * 1000),
			until: p.nt === undefined ? undefined : Math.floor(p.nt * 1000),
			after: p.c === undefined ? undefined : Number(p.c),
			oldestFirst: p.r === 'o',
			limit: Math.min(p.n ?? options.defaultItems, options.maxItems)
		}
	};
}
