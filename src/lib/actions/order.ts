import { keyBetween, keysBetween } from '$lib/shared/order-keys';

type Ordered = { id: string; orderKey: string };

/**
 * Where an item goes when dropped at `toIndex` of `list` (already in display order, without the item): its key,
 * and new keys for the neighbours that must move with it. Normally one key between the new neighbours, so a move
 * writes one row. When the neighbours on both sides of the drop share one key (two devices moved items into the
 * same gap at once; the id breaks the tie), no key fits between them: the tied items after the drop are given new
 * keys, in their order, between the shared key and the next larger one, and the item goes first among them.
 */
export function placeAt(list: Ordered[], toIndex: number): { orderKey: string; rekeyed: Ordered[] } {
	const index = Math.max(0, Math.min(toIndex, list.length));
	const before = list[index - 1]?.orderKey ?? null;
	const after = list[index]?.orderKey ?? null;
	if (before === null || after === null || before < after) return { orderKey: keyBetween(before, after), rekeyed: [] };
	let end = index;
	while (end < list.length && list[end]!.orderKey === before) end++;
	const tied = list.slice(index, end);
	const [orderKey, ...keys] = keysBetween(before, list[end]?.orderKey ?? null, tied.length + 1);
	return { orderKey: orderKey!, rekeyed: tied.map((item, i) => ({ id: item.id, orderKey: keys[i]! })) };
}

export function keyAtEnd(list: { orderKey: string }[]): string {
	return keyBetween(list.at(-1)?.orderKey ?? null, null);
}
