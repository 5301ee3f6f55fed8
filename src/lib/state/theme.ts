import type { UserSettings } from '$lib/shared/mutations';

/** "system" removes the attribute, so the stylesheet's `color-scheme: light dark` lets the system decide. */
export function applyTheme(theme: UserSettings['theme'], root: HTMLElement = document.documentElement): void {
	if (theme === 'system') root.removeAttribute('data-theme');
	else root.setAttribute('data-theme', theme);
}
