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

/** The ids of `previous` that `live` no longer has. */
export function missingFrom(previous: number[], live: number[]): number[] {
	const inLive = new Set(live);
	return previous.filter((id) => !inLive.has(id));
}

/** `live` with the ids of `previous` that left it (and are still stored) put back after the id they followed. */
export function keepInPlace(previous: number[], live: number[], stillStored: ReadonlySet<number>): number[] {
	const inLive = new Set(live);
	/** The kept ids by the live id they came after in `previous` (null: before every live id). */
	const after = new Map<number | null, number[]>();
	let anchor: number | null = null;
	for (const id of previous) {
		if (inLive.has(id)) anchor = id;
		else if (stillStored.has(id)) {
			const group = after.get(anchor);
			if (group) group.push(id);
			else after.set(anchor, [id]);
		}
	}
	if (after.size === 0) return live;
	const result = [...(after.get(null) ?? [])];
	for (const id of live) {
		result.push(id);
		const kept = after.get(id);
		if (kept) result.push(...kept);
	}
	return result;
}
