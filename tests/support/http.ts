export interface JsonResponse<T = unknown> {
	status: number;
	headers: Headers;
	body: T;
}

/** A raw HTTP call for tests: status, headers and parsed body, never throwing on 4xx or 5xx. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever shape they expect
export async function call<T = any>(
	baseUrl: string,
	method: string,
	path: string,
	options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}
): Promise<JsonResponse<T>> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.Authorization = `Bearer ${options.token}`;
	let body: string | undefined = options.rawBody;
	if (options.body !== undefined) body = JSON.stringify(options.body);
	if (body !== undefined) headers['Content-Type'] ??= 'application/json';
	const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// Not JSON: the test sees the text.
	}
	return { status: response.status, headers: response.headers, body: parsed as T };
}
