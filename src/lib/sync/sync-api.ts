import { apiRequest } from '$lib/api/request';
import {
	PROTOCOL_VERSION,
	type PullRequest,
	type PullResponse,
	type PushRequest,
	type PushResponse
} from '$lib/shared/sync';

/** How the engine talks to the server; tests of the engine's state machine pass their own fetch. */
export interface SyncTransport {
	push(token: string, body: Omit<PushRequest, 'protocolVersion'>): Promise<PushResponse>;
	pull(token: string, body: Omit<PullRequest, 'protocolVersion'>): Promise<PullResponse>;
}

export interface HttpTransportOptions {
	/** The server's origin; empty in the browser (same origin). */
	baseUrl?: string;
	fetch?: typeof fetch;
	timeoutMs?: number;
}

export function httpTransport(options: HttpTransportOptions = {}): SyncTransport {
	const post = <T>(path: string, token: string, body: object) =>
		apiRequest<T>(path, {
			method: 'POST',
			token,
			body: { protocolVersion: PROTOCOL_VERSION, ...body },
			baseUrl: options.baseUrl,
			fetch: options.fetch,
			timeoutMs: options.timeoutMs
		});
	return {
		push: (token, body) => post<PushResponse>('/sync/push', token, body),
		pull: (token, body) => post<PullResponse>('/sync/pull', token, body)
	};
}
