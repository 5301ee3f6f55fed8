export type FetchErrorCode =
	| 'blocked_address'
	| 'bad_scheme'
	| 'bad_url'
	| 'timeout'
	| 'too_large'
	| 'too_many_redirects'
	| 'network'
	| 'http'
	| 'aborted';

/** Why a fetch failed, with a message meant for the person who added the URL. */
export class FetchError extends Error {
	constructor(
		readonly code: FetchErrorCode,
		message: string,
		/** The HTTP status, for code 'http'. */
		readonly status: number | null = null,
		/** The response headers, for code 'http' (Retry-After, for example). */
		readonly headers: Headers | null = null
	) {
		super(message);
		this.name = 'FetchError';
	}
}
