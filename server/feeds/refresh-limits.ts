/**
 * The bounds of one feed refresh, in a module of their own so the shutdown budget reads them without loading the
 * fetcher and the parsers at start (those load on the first refresh).
 */

/** The longest one fetch may take, redirects and body included (safeFetch's default). */
export const FETCH_TIMEOUT_MS = 20_000;

/** A parse that takes longer is abandoned (its worker ended): the feed is tried again at its next refresh. */
export const PARSE_JOB_TIMEOUT_MS = 60_000;
