/**
 * A feed's letter-tile colour: a hue from a small string hash (FNV-1a) of the feed's address, dark enough for a
 * white letter in both themes. The same feed gets the same colour on every device.
 */
export function tileColour(seed: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < seed.length; i++) {
		hash ^= seed.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	const hue = (hash >>> 0) % 360;
	return `hsl(${hue} 55% 36%)`;
}
