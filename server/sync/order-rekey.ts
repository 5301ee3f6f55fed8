import { keysBetween, ORDER_KEY_REKEY_LENGTH } from '#shared/order-keys';

/** True when a key just written is long enough that its sibling list should get fresh, short keys. */
export function needsRekey(orderKey: string): boolean {
	return orderKey.length > ORDER_KEY_REKEY_LENGTH;
}

/**
 * Gives a sibling list (already in display order) evenly spaced keys, keeping the order, and writes only the rows
 * whose key changed: each written row gets a new version, so devices learn the new keys on their next pull.
 */
export async function rekeyList(
	siblings: { id: string; order_key: string }[],
	writeKey: (id: string, orderKey: string) => Promise<void>
): Promise<void> {
	const keys = keysBetween(null, null, siblings.length);
	for (const [i, sibling] of siblings.entries()) {
		if (sibling.order_key !== keys[i]) await writeKey(sibling.id, keys[i]!);
	}
}
