import { EventEmitter, once } from 'node:events';

export interface EventStreamReader {
	/** Everything received so far. */
	text(): string;
	/** Resolves once the received text contains `needle` `count` times; rejects if the stream ends before. */
	received(needle: string, count?: number): Promise<void>;
	close(): void;
}

/** Listens to GET /api/sync/events with a token and collects what arrives, until closed. */
export async function openEventStream(baseUrl: string, token: string): Promise<EventStreamReader> {
	const controller = new AbortController();
	const response = await fetch(`${baseUrl}/api/sync/events`, {
		headers: { Authorization: `Bearer ${token}` },
		signal: controller.signal
	});
	if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
	let received = '';
	let ended = false;
	const arrivals = new EventEmitter();
	const decoder = new TextDecoder();
	const reader = response.body.getReader();
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				received += decoder.decode(value, { stream: true });
				arrivals.emit('data');
			}
		} catch {
			// Aborted on close.
		} finally {
			ended = true;
			arrivals.emit('data');
		}
	})();
	const count = (needle: string) => received.split(needle).length - 1;
	return {
		text: () => received,
		async received(needle, times = 1) {
			while (count(needle) < times) {
				if (ended) throw new Error(`the stream ended before "${needle}" came: ${received}`);
				await once(arrivals, 'data');
			}
		},
		close: () => controller.abort()
	};
}
