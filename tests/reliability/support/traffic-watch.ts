/** A request a device has sent and not yet seen answered. */
export interface InFlightRequest {
	device: string;
	path: string;
	body: { clientId?: string; mutations?: { id: number }[] } | undefined;
}

/**
 * Wraps each device's fetch to know which requests are in flight at any moment (to classify what a kill cut)
 * and to let the harness act on the start of a request (to kill during one).
 */
export class TrafficWatch {
	readonly inFlight = new Set<InFlightRequest>();
	onRequest: ((request: InFlightRequest) => void) | null = null;
	/** Called when an answer (its body's text) arrives, before the device sees it; resolving true loses it. */
	onAnswer: ((request: InFlightRequest, answer: string) => Promise<boolean>) | null = null;

	fetchFor(device: string): typeof fetch {
		return async (input, init) => {
			const url = new URL(String(input));
			const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as InFlightRequest['body']) : undefined;
			const request: InFlightRequest = { device, path: url.pathname, body };
			this.inFlight.add(request);
			this.onRequest?.(request);
			try {
				const response = await fetch(input, init);
				// The body is part of the answer: a kill can cut it too.
				const text = await response.text();
				if (await this.onAnswer?.(request, text)) throw new TypeError('fetch failed: the answer was lost');
				return new Response(text, {
					status: response.status,
					statusText: response.statusText,
					headers: response.headers
				});
			} finally {
				this.inFlight.delete(request);
			}
		};
	}

	/** The pushes in flight right now (and `also`, an answered one), as mutation id ranges per client. */
	pushesInFlight(also?: InFlightRequest): { clientId: string; first: number; last: number }[] {
		return [...new Set([...this.inFlight, ...(also ? [also] : [])])].flatMap((r) => {
			const ids = r.body?.mutations?.map((m) => m.id) ?? [];
			if (!r.path.endsWith('/sync/push') || !r.body?.clientId || ids.length === 0) return [];
			return [{ clientId: r.body.clientId, first: Math.min(...ids), last: Math.max(...ids) }];
		});
	}
}
