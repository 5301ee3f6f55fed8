import { ApiError } from './api-error';

export interface RequestOptions {
	method?: string;
	body?: unknown;
	token?: string | null;
	signal?: AbortSignal;
	timeoutMs?: number;
	/** Defaults to the page's origin; the sync engine passes the server's URL when it runs in Node. */
	baseUrl?: string;
	fetch?: typeof fetch;
	/** How to read a successful answer: JSON (the default) or the raw text (OPML export, for example). */
	as?: 'json' | 'text';
}

function retryAfterMs(header: string | null): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** One JSON request to the API. Every failure becomes an ApiError, with the server's code when it sent one. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
	const headers: Record<string, string> = { Accept: options.as === 'text' ? '*/*' : 'application/json' };
	if (options.body !== undefined) headers['Content-Type'] = 'application/json';
	if (options.token) headers.Authorization = `Bearer ${options.token}`;
	const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), options.signal].filter(
		(s): s is AbortSignal => s !== undefined
	);
	let response: Response;
	try {
		response = await (options.fetch ?? fetch)(`${options.baseUrl ?? ''}/api${path}`, {
			method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: AbortSignal.any(signals)
		});
	} catch (err) {
		const timedOut = (err as Error).name === 'TimeoutError';
		throw new ApiError(
			0,
			timedOut ? 'timeout' : 'network',
			timedOut ? 'the server did not answer in time' : 'cannot reach the server'
		);
	}
	if (response.status === 204) return undefined as T;
	const read = await response.text().catch(() => null);
	// A success whose body was cut off on the way never fully arrived: a network failure, to be retried.
	if (read === null && response.ok) throw new ApiError(0, 'network', 'the answer was cut off on the way');
	const text = read ?? '';
	if (response.ok && options.as === 'text') return text as T;
	let body: unknown;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		// A success that is not JSON came from something between us and the server (a captive portal's page).
		if (response.ok) throw new ApiError(0, 'network', 'the answer did not come from the Tidings server');
		body = undefined;
	}
	if (response.ok) return body as T;
	const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
	throw new ApiError(
		response.status,
		error?.code ?? `http_${response.status}`,
		error?.message ?? `the server answered ${response.status}`,
		retryAfterMs(response.headers.get('Retry-After')),
		error?.details
	);
}
