import { describe, expect, it } from 'vitest';
import { ReaderRouter } from '../../../src/lib/state/reader-router.svelte';
import { parseReaderPath, readerPath, type ReaderLocation } from '../../../src/lib/state/reader-url';

const FEED = '00000000-0000-4000-8000-000000000002';
const at = (view: ReaderLocation['view'], entryId: number | null = null, search = ''): ReaderLocation => ({
	view,
	search,
	entryId
});

describe('reader addresses', () => {
	const cases: [string, ReaderLocation][] = [
		['/', at({ kind: 'unread' })],
		['/entry/7', at({ kind: 'unread' }, 7)],
		['/starred', at({ kind: 'starred' })],
		['/all/entry/12', at({ kind: 'all' }, 12)],
		[`/feed/${FEED}`, at({ kind: 'subscription', subscriptionId: FEED })],
		[`/folder/${FEED}/entry/3`, at({ kind: 'folder', folderId: FEED }, 3)],
		['/search?q=caf%C3%A9+au+lait', at({ kind: 'unread' }, null, 'café au lait')],
		['/search/entry/5?q=x%2Fy', at({ kind: 'unread' }, 5, 'x/y')]
	];

	it.each(cases)('%s names its view and entry, both ways', (path, location) => {
		expect(readerPath(location)).toBe(path);
		const url = new URL(path, 'https://reader.test');
		expect(parseReaderPath(url.pathname.slice(1), url.searchParams)).toEqual(location);
	});

	it('refuses what is no reader address', () => {
		for (const path of ['settings/x', 'feed', 'feed/a/b', 'all/entry/0', 'all/entry/x', 'entry/1.5', 'search', 'nope'])
			expect(parseReaderPath(path), path).toBeNull();
	});
});

describe('the router', () => {
	function setUp() {
		const calls: string[] = [];
		const router = new ReaderRouter({
			go: (path, replace, fromList) =>
				calls.push(`${replace ? 'replace' : 'push'} ${path}${fromList ? ' (from list)' : ''}`),
			back: () => calls.push('back')
		});
		return { calls, router };
	}
	const feed = { kind: 'subscription', subscriptionId: FEED } as const;

	it('adds a history entry to open an entry, replaces it moving between entries, and goes back to close it', () => {
		const { calls, router } = setUp();
		router.arrived(`/feed/${FEED}`, at(feed), false, false);
		router.follow(`/feed/${FEED}`, at(feed), at(feed, 1));
		router.arrived(`/feed/${FEED}/entry/1`, at(feed, 1), true, true);
		router.follow(`/feed/${FEED}/entry/1`, at(feed, 1), at(feed, 2));
		router.arrived(`/feed/${FEED}/entry/2`, at(feed, 2), true, true);
		router.follow(`/feed/${FEED}/entry/2`, at(feed, 2), at(feed));
		expect(calls).toEqual([
			`push /feed/${FEED}/entry/1 (from list)`,
			`replace /feed/${FEED}/entry/2 (from list)`,
			'back'
		]);
	});

	it('knows after a reload or Forward that the entry was opened from its list', () => {
		const { calls, router } = setUp();
		router.arrived('/entry/3', at({ kind: 'unread' }, 3), false, true);
		router.follow('/entry/3', at({ kind: 'unread' }, 3), at({ kind: 'unread' }));
		expect(calls).toEqual(['back']);
	});

	it('replaces an entry reached from outside (a bookmark) when it is closed, so Back does not leave the list', () => {
		const { calls, router } = setUp();
		router.arrived('/all/entry/4', at({ kind: 'all' }, 4), false, false);
		router.follow('/all/entry/4', at({ kind: 'all' }, 4), at({ kind: 'all' }));
		expect(calls).toEqual(['replace /all']);
	});

	it('does not show the addresses passed on the way to the one asked for last', () => {
		const { router } = setUp();
		router.arrived('/', at({ kind: 'unread' }), false, false);
		router.follow('/', at({ kind: 'unread' }), at({ kind: 'unread' }, 1));
		router.follow('/', at({ kind: 'unread' }), at({ kind: 'unread' }, 2));
		expect(router.arrived('/entry/1', at({ kind: 'unread' }, 1), true, true)).toBe(false);
		expect(router.arrived('/entry/2', at({ kind: 'unread' }, 2), true, true)).toBe(true);
		// Back and Forward always win.
		router.follow('/entry/2', at({ kind: 'unread' }, 2), at({ kind: 'starred' }));
		expect(router.arrived('/entry/1', at({ kind: 'unread' }, 1), false, true)).toBe(true);
	});
});
