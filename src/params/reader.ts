import type { ParamMatcher } from '@sveltejs/kit';
import { parseReaderPath } from '$lib/state/reader-url';

/** Only the reader's own addresses reach its page; any other path is a 404. */
export const match: ParamMatcher = (param) => parseReaderPath(param, new URLSearchParams('q=x')) !== null;
