import { describe, expect, it } from 'vitest';
import { stepIndex } from '../../../src/lib/state/list-navigation';
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
