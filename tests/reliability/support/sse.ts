/** Listens to GET /api/sync/events with a token and collects what arrives, until closed. */
export async function openEventStream(baseUrl: string, token: string): Promise<{ text(): string; close(): void }> {
	const controller = new AbortController();
	const response = await fetch(`${baseUrl}/api/sync/events`, {
		headers: { Authorization: `Bearer ${token}` },
		signal: controller.signal
	});
	if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
	let received = '';
	const decoder = new TextDecoder();
	const reader = response.body.getReader();
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				received += decoder.decode(value, { stream: true });
			}
		} catch {
			// Aborted on close.
		}
	})();
	return { text: () => received, close: () => controller.abort() };
}

/** Waits until `condition` holds, checking every 20 ms, for at most `ms`. */
export async function waitFor(condition: () => boolean, ms = 3000): Promise<boolean> {
	for (let waited = 0; waited < ms; waited += 20) {
		if (condition()) return true;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return condition();
}
