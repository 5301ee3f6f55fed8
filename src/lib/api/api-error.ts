/** A failed API call. `status` 0 means the request never got an answer (offline, timeout, aborted). */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly retryAfterMs?: number,
		readonly details?: unknown
	) {
		super(message);
		this.name = 'ApiError';
	}

	/** The one answer that means the session is gone; nothing else may sign anyone out. */
	get isUnauthenticated(): boolean {
		return this.status === 401 && this.code === 'unauthenticated';
	}
}
