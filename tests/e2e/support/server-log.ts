import type { Stack } from './stack';

export interface LoggedRequest {
	status: number;
	/** The client went away before the answer was written. */
	aborted: boolean;
}

/**
 * The requests to `path` the server finished from now on, read from its request log (one line per request). What
 * the server saw is the authority on how many requests arrived: the browser's network events describe each
 * attempt, but an attempt can fail in the browser after the server answered it.
 */
export function serverRequests(stack: Stack, path: string): () => LoggedRequest[] {
	const from = stack.server.logs.length;
	return () =>
		stack.server.logs.slice(from).flatMap((line) => {
			const req = line.req as { path?: string } | undefined;
			const res = line.res as { status?: number } | undefined;
			if (req?.path !== path || typeof res?.status !== 'number') return [];
			return [{ status: res.status, aborted: line.aborted === true }];
		});
}
