/*
 * Google Reader identifiers. Streams: `feed/<feed id>`, `user/-/label/<folder name>` and
 * `user/-/state/com.google/<state>`; clients may put their user id where the `-` is, so any segment is accepted
 * on input and `-` is always emitted. Items: the entry's integer id, emitted as the long form
 * `tag:google.com,2005:reader/item/<16 hex digits>` in contents and as a decimal string in item id lists.
 */

export const READING_LIST = 'user/-/state/com.google/reading-list';
export const READ = 'user/-/state/com.google/read';
export const STARRED = 'user/-/state/com.google/starred';
export const KEPT_UNREAD = 'user/-/state/com.google/kept-unread';
export const labelStreamId = (name: string) => `user/-/label/${name}`;
export const feedStreamId = (feedId: number) => `feed/${feedId}`;

export type StreamId =
	| { kind: 'state'; state: string }
	| { kind: 'label'; name: string }
	| { kind: 'feed'; feedId: number }
	| { kind: 'feed-url'; url: string };

/**
 * Entry ids stay below 10^15, so a decimal id has at most 15 digits and a 16-character id is always hex: the two
 * forms never collide. (An SQLite AUTOINCREMENT key reaching 10^15 would take a million entries a second for
 * thirty years.)
 */
export const MAX_ITEM_ID = 10 ** 15 - 1;

const STATE = /^user\/[^/]*\/state\/com\.google\/(.+)$/;
const LABEL = /^user\/[^/]*\/label\/(.+)$/;
const FEED = /^feed\/(\d{1,15})$/;
const FEED_URL = /^feed\/(https?:\/\/.+)$/i;

export function parseStreamId(value: string): StreamId | undefined {
	let match = STATE.exec(value);
	if (match) return { kind: 'state', state: match[1]! };
	match = LABEL.exec(value);
	if (match) return { kind: 'label', name: match[1]! };
	match = FEED.exec(value);
	if (match) return { kind: 'feed', feedId: Number(match[1]) };
	match = FEED_URL.exec(value);
	if (match) return { kind: 'feed-url', url: match[1]! };
	return undefined;
}

const LONG_ITEM = /^tag:google\.com,2005:reader\/item\/([0-9a-f]{1,16})$/i;
const SHORT_HEX = /^[0-9a-f]{16}$/i;
const DECIMAL = /^\d{1,15}$/;

/** Long padded, long unpadded, bare 16-hex and decimal forms; undefined for anything else or out of range. */
export function parseItemId(value: string): number | undefined {
	const trimmed = value.trim();
	const hex = LONG_ITEM.exec(trimmed)?.[1] ?? (SHORT_HEX.test(trimmed) ? trimmed : undefined);
	const id = hex !== undefined ? parseInt(hex, 16) : DECIMAL.test(trimmed) ? Number(trimmed) : NaN;
	return Number.isSafeInteger(id) && id > 0 && id <= MAX_ITEM_ID ? id : undefined;
}

export function longItemId(id: number): string {
	return `tag:google.com,2005:reader/item/${id.toString(16).padStart(16, '0')}`;
}
