import type { Action } from 'svelte/action';

/** How far a finger must travel sideways, and how much more sideways than up or down, to count as a swipe. */
const MIN_DISTANCE_PX = 60;
const DOMINANCE = 2;

/**
 * Calls `onSwipe(1)` for a swipe to the left (the next entry, as in a stack of pages) and `onSwipe(-1)` for one to
 * the right. Touch events, not pointer events: the browser cancels a pointer as soon as it starts scrolling, and a
 * swipe often starts with a little vertical movement. A swipe that starts in something that scrolls sideways
 * (a wide table, code) belongs to that element.
 */
export const swipe: Action<HTMLElement, (direction: 1 | -1) => void> = (node, onSwipe) => {
	let handler = onSwipe;
	let start: { x: number; y: number } | null = null;

	function scrollsSideways(target: EventTarget | null): boolean {
		for (let el = target as HTMLElement | null; el && el !== node; el = el.parentElement) {
			if (el.scrollWidth > el.clientWidth && /(auto|scroll)/.test(getComputedStyle(el).overflowX)) return true;
		}
		return false;
	}

	function onStart(event: TouchEvent) {
		const touch = event.touches[0];
		start =
			event.touches.length === 1 && touch && !scrollsSideways(event.target)
				? { x: touch.clientX, y: touch.clientY }
				: null;
	}

	function onEnd(event: TouchEvent) {
		const touch = event.changedTouches[0];
		if (!start || !touch) return;
		const dx = touch.clientX - start.x;
		const dy = touch.clientY - start.y;
		start = null;
		if (Math.abs(dx) >= MIN_DISTANCE_PX && Math.abs(dx) >= DOMINANCE * Math.abs(dy)) handler(dx < 0 ? 1 : -1);
	}

	node.addEventListener('touchstart', onStart, { passive: true });
	node.addEventListener('touchend', onEnd, { passive: true });
	return {
		update(next) {
			handler = next;
		},
		destroy() {
			node.removeEventListener('touchstart', onStart);
			node.removeEventListener('touchend', onEnd);
		}
	};
};
