/** The reader's keyboard shortcuts (shown by the help overlay from this same table). */
export type ShortcutCommand =
	'next' | 'previous' | 'toggleRead' | 'toggleStar' | 'openOriginal' | 'markAllRead' | 'search' | 'refresh' | 'help';

export const SHORTCUTS: { key: string; command: ShortcutCommand; label: string }[] = [
	{ key: 'j', command: 'next', label: 'Next entry' },
	{ key: 'k', command: 'previous', label: 'Previous entry' },
	{ key: 'm', command: 'toggleRead', label: 'Mark read or unread' },
	{ key: 's', command: 'toggleStar', label: 'Star or unstar' },
	{ key: 'v', command: 'openOriginal', label: 'Open the original page' },
	{ key: 'A', command: 'markAllRead', label: 'Mark all read in this view' },
	{ key: '/', command: 'search', label: 'Search' },
	{ key: 'r', command: 'refresh', label: 'Sync now' },
	{ key: '?', command: 'help', label: 'Show these shortcuts' }
];

function isTyping(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The command a key press means, or null: never while typing in a field or with a modifier other than Shift. */
export function shortcutFor(event: KeyboardEvent): ShortcutCommand | null {
	if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
	return SHORTCUTS.find((s) => s.key === event.key)?.command ?? null;
}
