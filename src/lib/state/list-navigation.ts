/**
 * The index j/k move to. When the open entry has left the list (read, with "hide read" on), the entry that took
 * its place sits at its old index: "next" goes there, "previous" to the one before.
 */
export function stepIndex(ids: number[], selectedId: number | null, selectedIndex: number, delta: 1 | -1): number {
	if (ids.length === 0) return -1;
	let at = selectedId === null ? -1 : ids.indexOf(selectedId);
	if (at === -1 && selectedId !== null && selectedIndex >= 0) at = delta === 1 ? selectedIndex - 1 : selectedIndex;
	return Math.max(0, Math.min(ids.length - 1, at + delta));
}
