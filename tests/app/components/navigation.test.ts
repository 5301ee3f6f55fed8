import { describe, expect, it } from 'vitest';
import { keepInPlace, stepIndex } from '../../../src/lib/state/list-navigation';
import { shortcutFor } from '../../../src/lib/state/shortcuts';

describe('j/k positions', () => {
	const ids = [10, 20, 30, 40];
	it('steps from the selection and stops at the ends', () => {
		expect(stepIndex(ids, null, -1, 1)).toBe(0);
		expect(stepIndex(ids, 20, 1, 1)).toBe(2);
		expect(stepIndex(ids, 20, 1, -1)).toBe(0);
		expect(stepIndex(ids, 40, 3, 1)).toBe(3);
		expect(stepIndex(ids, 10, 0, -1)).toBe(0);
		expect(stepIndex([], null, -1, 1)).toBe(-1);
	});

	it('keeps its place when the open entry left the list', () => {
		// 20 was at index 1 and is gone: 30 now sits there, and is "next".
		expect(stepIndex([10, 30, 40], 20, 1, 1)).toBe(1);
		expect(stepIndex([10, 30, 40], 20, 1, -1)).toBe(0);
	});
});

describe('a list keeps entries that left it in place', () => {
	it('puts each back after the entry it followed, and lets new entries in where the live list has them', () => {
		const stored = new Set([1, 2, 3, 4, 5, 6]);
		// 2 and 3 were read (gone from the live unread list), 9 is new.
		expect(keepInPlace([1, 2, 3, 4, 5], [9, 1, 4, 5], stored)).toEqual([9, 1, 2, 3, 4, 5]);
		// The first ones left: they stay at the top.
		expect(keepInPlace([1, 2, 3, 4], [3, 4], stored)).toEqual([1, 2, 3, 4]);
		// Everything left.
		expect(keepInPlace([1, 2, 3], [], stored)).toEqual([1, 2, 3]);
	});

	it('drops what is no longer stored', () => {
		expect(keepInPlace([1, 2, 3, 4], [1, 4], new Set([3]))).toEqual([1, 3, 4]);
		expect(keepInPlace([1, 2], [], new Set())).toEqual([]);
	});
});

describe('shortcuts', () => {
	function key(init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent {
		const event = new KeyboardEvent('keydown', init);
		Object.defineProperty(event, 'target', { value: target });
		return event;
	}

	it('maps the documented keys, Shift+a included', () => {
		expect(shortcutFor(key({ key: 'j' }))).toBe('next');
		expect(shortcutFor(key({ key: 'A', shiftKey: true }))).toBe('markAllRead');
		expect(shortcutFor(key({ key: '?', shiftKey: true }))).toBe('help');
		expect(shortcutFor(key({ key: 'x' }))).toBeNull();
	});

	it('never fires while typing or with Ctrl/Cmd', () => {
		expect(shortcutFor(key({ key: 'j' }, document.createElement('input')))).toBeNull();
		expect(shortcutFor(key({ key: 'r', ctrlKey: true }))).toBeNull();
		expect(shortcutFor(key({ key: 's', metaKey: true }))).toBeNull();
	});
});
