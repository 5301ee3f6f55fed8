/** A URL reference made absolute against the entry's base; left as written when it cannot be resolved. */
export function absoluteUrl(value: string | undefined, base: string): string | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (!trimmed) return undefined;
	try {
		return new URL(trimmed, base).href;
	} catch {
		return trimmed;
	}
}

/** A srcset with every candidate URL made absolute. */
export function absoluteSrcset(value: string | undefined, base: string): string | undefined {
	return mapSrcset(value, (url) => absoluteUrl(url, base));
}

/**
 * A srcset with each candidate's URL mapped. Hand-written because the descriptors ("2x", "640w") must be kept as
 * they are; a comma only separates candidates when followed by whitespace or another URL, and URLs with commas
 * in them (CDN resizers) are rare enough that splitting on ", " is the established practice.
 */
export function mapSrcset(value: string | undefined, map: (url: string) => string | undefined): string | undefined {
	if (!value) return undefined;
	const candidates = value
		.split(/,\s+/)
		.map((candidate) => candidate.trim())
		.filter(Boolean)
		.map((candidate) => {
			const [url, ...descriptors] = candidate.split(/\s+/);
			return [map(url!), ...descriptors].join(' ');
		});
	return candidates.join(', ') || undefined;
}
