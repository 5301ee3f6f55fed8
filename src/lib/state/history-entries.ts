/** The part of the Navigation API read here (TypeScript's DOM library does not declare `navigation` yet). */
interface NavigationEntries {
	currentEntry: { index: number } | null;
	entries(): { url: string | null }[];
}

/**
 * The address (path and query) of this tab's history entry before the current one, from the Navigation API,
 * which knows the entries even after a reload (SvelteKit's page state does not survive one). null when there is
 * none (or it is another site); undefined when the browser cannot tell (no Navigation API).
 */
export function previousPath(): string | null | undefined {
	const navigation = (globalThis as { navigation?: NavigationEntries }).navigation;
	if (!navigation?.currentEntry) return undefined;
	const { index } = navigation.currentEntry;
	const url = index > 0 ? navigation.entries()[index - 1]?.url : null;
	if (!url) return null;
	const previous = new URL(url);
	return previous.origin === location.origin ? previous.pathname + previous.search : null;
}
