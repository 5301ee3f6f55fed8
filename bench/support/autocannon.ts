import autocannon from 'autocannon';

export interface LoadRequest {
	method?: string;
	path?: string;
	headers?: Record<string, string>;
	body?: string;
	/** Builds the request from the connection's own state (autocannon's setupRequest). */
	setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest;
	onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface LoadOptions {
	/** Several servers: connection i goes to url[i mod n] (autocannon's own round robin), for its whole life. */
	url: string | string[];
	connections: number;
	/** Seconds; or use `amount`. */
	duration?: number;
	amount?: number;
	/** Requests each connection cycles through, in order. */
	requests?: LoadRequest[];
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	/**
	 * Requests of connection i, made once per connection. Their closures keep that connection's own state (its
	 * client id, next mutation id, cookie) across cycles: autocannon's per-request context is reset every cycle.
	 */
	perConnection?: (index: number) => LoadRequest[];
	/** Stops the load when this settles (instead of a duration or an amount). */
	until?: Promise<unknown>;
}

export interface LoadResult {
	requests: { average: number; total: number; sent: number };
	latency: { p50: number; p99: number; p97_5: number; average: number; max: number };
	throughput: { average: number; total: number };
	errors: number;
	timeouts: number;
	non2xx: number;
	duration: number;
	statusCodeStats: Record<string, { count: number }>;
	'1xx': number;
	'2xx': number;
	'3xx': number;
	'4xx': number;
	'5xx': number;
}

/** autocannon as a promise: the maintained load generator all HTTP load in these benchmarks goes through. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
	const { perConnection, until, ...rest } = options;
	let connections = 0;
	const setupClient = perConnection
		? (client: { setRequests(requests: LoadRequest[]): void }) => client.setRequests(perConnection(connections++))
		: undefined;
	return new Promise((resolve, reject) => {
		const instance = autocannon({ ...rest, setupClient, timeout: 30 }, (err: Error | null, result: LoadResult) =>
			err ? reject(err) : resolve(result)
		);
		instance.on('error', reject);
		void until?.finally(() => instance.stop());
	});
}

/** How many responses had this status. */
export function statusCount(result: LoadResult, status: number): number {
	return result.statusCodeStats[String(status)]?.count ?? 0;
}
