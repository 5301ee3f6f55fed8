import type { ReaderView } from './reader.svelte';

/** Where the reader is: the view (or a search, which replaces its list) and the open entry. */
export interface ReaderLocation {
	view: ReaderView;
	search: string;
	entryId: number | null;
}

/**
 * The reader's addresses (design.md §8, a contract): `/` (Unread), `/starred`, `/all`, `/feed/<subscription id>`,
 * `/folder/<folder id>`, `/search?q=…`, each followed by `/entry/<id>` while an entry is open.
 */
export function readerPath(location: ReaderLocation): string {
	const list = location.search ? 'search' : viewPath(location.view);
	const entry = location.entryId === null ? '' : `entry/${location.entryId}`;
	const path = '/' + [list, entry].filter(Boolean).join('/');
	return location.search ? `${path}?${new URLSearchParams({ q: location.search })}` : path;
}

function viewPath(view: ReaderView): string {
	switch (view.kind) {
		case 'unread':
			return '';
		case 'starred':
		case 'all':
			return view.kind;
		case 'folder':
			return `folder/${encodeURIComponent(view.folderId)}`;
		case 'subscription':
			return `feed/${encodeURIComponent(view.subscriptionId)}`;
	}
}

/** The location of a path (without its leading slash) and query, or null when the path is no reader address. */
export function parseReaderPath(path: string, query: URLSearchParams = new URLSearchParams()): ReaderLocation | null {
	const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
	let entryId: number | null = null;
	if (parts.length >= 2 && parts.at(-2) === 'entry') {
		const id = Number(parts.at(-1));
		if (!Number.isSafeInteger(id) || id <= 0) return null;
		entryId = id;
		parts.length -= 2;
	}
	const [head, id, ...rest] = parts;
	if (rest.length > 0) return null;
	const location = (view: ReaderView, search = ''): ReaderLocation => ({ view, search, entryId });
	if (head === undefined) return location({ kind: 'unread' });
	if (id === undefined) {
		if (head === 'starred' || head === 'all') return location({ kind: head });
		const q = query.get('q')?.trim() ?? '';
		if (head === 'search' && q) return location({ kind: 'unread' }, q);
		return null;
	}
	if (head === 'feed') return location({ kind: 'subscription', subscriptionId: id });
	if (head === 'folder') return location({ kind: 'folder', folderId: id });
	return null;
}
