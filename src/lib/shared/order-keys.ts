import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { z } from 'zod';

/**
 * Order keys are fractional-indexing keys (base 62, compared bytewise, never with localeCompare). Moving an item
 * writes one key between its new neighbours; nothing else changes.
 */
export const ORDER_KEY_MAX_LENGTH = 64;
/** Past this length the server re-keys the list, so keys stay short after many inserts in one place. */
export const ORDER_KEY_REKEY_LENGTH = 32;

const KEY_PATTERN = /^[a-zA-Z][0-9a-zA-Z]*$/;

export function isValidOrderKey(key: string): boolean {
	if (key.length > ORDER_KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) return false;
	try {
		// The library validates the integer part and the trailing zero rule.
		generateKeyBetween(key, null);
		return true;
	} catch {
		return false;
	}
}

export const orderKeySchema = z
	.string()
	.max(ORDER_KEY_MAX_LENGTH)
	.refine(isValidOrderKey, { message: 'not a valid order key' });

export function keyBetween(before: string | null, after: string | null): string {
	return generateKeyBetween(before, after);
}

export function keysBetween(before: string | null, after: string | null, n: number): string[] {
	return generateNKeysBetween(before, after, n);
}

/** Bytewise order of keys, ties broken by id, as the server and every device sort. */
export function compareOrder(a: { orderKey: string; id: string }, b: { orderKey: string; id: string }): number {
	if (a.orderKey !== b.orderKey) return a.orderKey < b.orderKey ? -1 : 1;
	if (a.id === b.id) return 0;
	return a.id < b.id ? -1 : 1;
}
