import { untrack } from 'svelte';
import { ApiError } from '$lib/api/api-error';
import {
	encodeEntryCursor,
	type EntryCursor,
	type EntryListScope,
	type EntryPage,
	type EntryPageRequest
} from '$lib/shared/entry-pages';
import type { ReaderView } from './reader.svelte';

/** A list the server can complete: its query without position, its order, and where the device's copy starts. */
export interface PagedList {
	query: EntryListScope;
	order: 'newest' | 'oldest';
	/** Entries published from here on are all on the device (meta `offlineFrom`); older read ones may not be. */
	offlineFrom: number;
}

/** The server's list for a view that can go past the device (All, a feed, a folder, read entries shown). */
export function pagedList(
	view: Exclude<ReaderView, { kind: 'unread' } | { kind: 'starred' }>,
	order: 'newest' | 'oldest',
	offlineFrom: number
): PagedList {
	const query: PagedList['query'] =
		view.kind === 'subscription'
			? { scope: 'subscription', subscriptionId: view.subscriptionId }
			: view.kind === 'folder'
				? { scope: 'folder', folderId: view.folderId }
				: { scope: 'all' };
	return { query, order, offlineFrom };
}

export interface PageSource {
	/** Fetches one page through the app's API module and stores its entries on the device. */
	load(query: EntryPageRequest): Promise<EntryPage>;
}

/**
 * complete: the device's entries are the whole list (nothing left on the server, or nothing ever left the
 * device); more: the server has older entries, fetched as the list scrolls; loading: a page is on its way;
 * device-only: the server cannot be reached, so the list is what the device holds.
 */
export type PagingStatus = 'complete' | 'more' | 'loading' | 'device-only';

interface Position {
	key: string | null;
	list: PagedList | null;
	status: PagingStatus;
	/** The next page's cursor (undefined: the list's start). */
	after: string | undefined;
	/** The last entry the server sent, in the list's order. */
	frontier: EntryCursor | null;
	/** Once the device's copy has been shown whole (offline), it stays whole: rows never vanish from a list. */
	whole: boolean;
}

export const PAGE_SIZE = 50;

const before = (a: EntryCursor, b: EntryCursor) =>
	a.publishedAt < b.publishedAt || (a.publishedAt === b.publishedAt && a.id < b.id);

/**
 * Takes a list past what the device keeps offline: while online, it pages the view's older entries from the server
 * as the user scrolls, and says which stored entries the list may show so far, so that it grows at its end in the
 * list's order instead of showing old unread entries with a gap above them. Offline, or when the server fails, the
 * list is what the device holds, and says so.
 */
export class ListPaging {
	#position = $state.raw<Position>({
		key: null,
		list: null,
		status: 'complete',
		after: undefined,
		frontier: null,
		whole: true
	});

	constructor(private readonly source: PageSource) {}

	get status(): PagingStatus {
		return this.#position.status;
	}

	/**
	 * The list on screen is `key`; `list` is null when the device holds all of it. A new key starts over (and asks
	 * for the first page at once); the same key follows the connection: offline shows the device's copy, back
	 * online carries on where the paging stopped.
	 */
	open(key: string, list: PagedList | null, online: boolean): void {
		// Only the arguments decide: the effect that calls this must not run again for the position it writes.
		const current = untrack(() => this.#position);
		if (key !== current.key) {
			const after = list?.order === 'newest' ? encodeEntryCursor({ publishedAt: list.offlineFrom, id: 0 }) : undefined;
			const status = list === null ? 'complete' : online ? 'more' : 'device-only';
			this.#position = { key, list, status, after, frontier: null, whole: status !== 'more' };
			if (status === 'more') untrack(() => void this.more());
			return;
		}
		if (!online && (current.status === 'more' || current.status === 'loading')) {
			this.#position = { ...current, status: 'device-only', whole: true };
		} else if (online && current.status === 'device-only') {
			this.#position = { ...current, status: 'more' };
			untrack(() => void this.more());
		}
	}

	/** Which stored entries of list `key` may show: null for all of them. */
	shows(key: string): ((entry: EntryCursor) => boolean) | null {
		const { key: current, list, frontier, whole } = this.#position;
		if (key !== current || list === null || whole) return null;
		if (list.order === 'newest') {
			return (e) => e.publishedAt >= list.offlineFrom || (frontier !== null && !before(e, frontier));
		}
		return (e) => frontier !== null && !before(frontier, e);
	}

	/** Asks for the next page, unless one is on its way or nothing more is to be had. */
	async more(): Promise<void> {
		const start = this.#position;
		if (start.status !== 'more' || start.list === null) return;
		const { list } = start;
		this.#position = { ...start, status: 'loading' };
		let page: EntryPage;
		try {
			page = await this.source.load({ ...list.query, order: list.order, after: start.after, limit: PAGE_SIZE });
		} catch (err) {
			if (this.#position.key !== start.key) return;
			// A feed or folder the server does not know yet (made here, not pushed) has nothing more there.
			const status = err instanceof ApiError && err.status === 404 ? 'complete' : 'device-only';
			this.#position = { ...this.#position, status, whole: true };
			return;
		}
		const current = this.#position;
		if (current.key !== start.key) return;
		const last = page.entries.at(-1);
		const frontier = last ? { publishedAt: last.publishedAt, id: last.id } : current.frontier;
		// Oldest first, the pages have caught up with the entries the device holds whole.
		const caughtUp = list.order === 'oldest' && last !== undefined && last.publishedAt >= list.offlineFrom;
		const done = page.next === null || caughtUp;
		const status = done ? 'complete' : current.status === 'device-only' ? 'device-only' : 'more';
		this.#position = {
			...current,
			status,
			after: page.next ?? undefined,
			frontier,
			whole: current.whole || done
		};
	}
}
