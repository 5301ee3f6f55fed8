import { keyBetween } from '$lib/shared/order-keys';

/**
 * The order key that puts an item at `toIndex` of `list` (already sorted, without the item being moved): one key
 * between its new neighbours, so a move writes one row.
 */
export function keyForIndex(list: { orderKey: string }[], toIndex: number): string {
	const index = Math.max(0, Math.min(toIndex, list.length));
	const before = list[index - 1]?.orderKey ?? null;
	const after = list[index]?.orderKey ?? null;
	// Equal neighbours (possible only until the server re-keys a list): place after them rather than fail.
	if (before !== null && after !== null && before >= after) return keyBetween(before, null);
	return keyBetween(before, after);
}

export function keyAtEnd(list: { orderKey: string }[]): string {
	return keyForIndex(list, list.length);
}
