import { describe, expect, it } from 'vitest';
import { ListSnapshot } from '../../../src/lib/state/list-snapshot.svelte';

describe('the list a view shows', () => {
	it('keeps an entry read since in its place, and drops it once it is gone from the device', () => {
		const list = new ListSnapshot();
		list.update('unread', [5, 4, 3], new Set());
		list.update('unread', [4, 3], new Set(list.leftOut('unread', [4, 3])));
		expect(list.idsOf('unread')).toEqual([5, 4, 3]);
		list.update('unread', [4, 3], new Set());
		expect(list.idsOf('unread')).toEqual([4, 3]);
	});

	it("never shows another view's ids: none until the view's own first update", () => {
		const list = new ListSnapshot();
		expect(list.idsOf('unread')).toBeNull();
		list.update('unread', [5, 4, 3], new Set());
		// The view changes (or is chosen again, a new generation): the old list is not shown under it meanwhile.
		expect(list.idsOf('unread, again')).toBeNull();
		expect(list.leftOut('unread, again', [4, 3])).toEqual([]);
		list.update('unread, again', [4, 3], new Set());
		expect(list.idsOf('unread, again')).toEqual([4, 3]);
		expect(list.idsOf('unread')).toBeNull();
	});
});
