/** The one shape every feed format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) is parsed into. */
export interface NormalizedFeed {
	title: string;
	siteUrl: string | null;
	description: string | null;
	iconUrl: string | null;
	language: string | null;
	/** The feed's own <ttl> (RSS), in minutes: a lower bound for the next fetch. */
	ttlMinutes: number | null;
	entries: NormalizedEntry[];
}

export interface NormalizedEntry {
	/** Stable across fetches: GUID, else link, else a hash of title, date and content. */
	guid: string;
	url: string | null;
	/** The xml:base in effect where the entry was (its content's relative links resolve against it), if one was. */
	contentBase?: string | null;
	/** Plain text. */
	title: string;
	author: string | null;
	/** HTML as the feed gave it; sanitized before it is stored. */
	content: string | null;
	summary: string | null;
	/** Milliseconds since the epoch; never 0, never far in the future. */
	publishedAt: number;
	updatedAt: number | null;
	enclosures: { url: string; type: string | null; length: number | null }[];
	categories: string[];
	language: string | null;
	dir: 'ltr' | 'rtl';
}

/** What a conditional fetch of a feed URL gave. */
export type FetchOutcome =
	| {
			kind: 'ok';
			/** The URL finally fetched (after redirects), and whether every redirect was permanent. */
			finalUrl: string;
			permanentRedirect: boolean;
			status: number;
			body: Buffer;
			contentType: string | null;
			etag: string | null;
			lastModified: string | null;
			/** Earliest next fetch the server asked for (Retry-After, Cache-Control max-age), ms since the epoch. */
			notBefore: number | null;
	  }
	| { kind: 'not_modified'; status: 304; etag: string | null; lastModified: string | null; notBefore: number | null }
	| { kind: 'error'; status: number | null; message: string; gone: boolean; notBefore: number | null };
