import type { SyncEngine, TriggerSource } from './engine';
import { EventStream } from './event-stream';

/**
 * The browser's reasons to sync: the network coming back, the app becoming visible, and the server's nudge over
 * server-sent events (EventSource cannot send headers, so the token travels in the query string), reconnected with
 * backoff (see EventStream). Kept out of the engine so the engine runs in Node.
 */
export function browserTriggers(getToken: () => string | null, baseUrl = '', maxBackoffMs?: number): TriggerSource {
	return (engine: SyncEngine) => {
		const events = new EventStream({
			url: () => {
				const token = getToken();
				if (!token || typeof EventSource === 'undefined') return null;
				return `${baseUrl}/api/sync/events?token=${encodeURIComponent(token)}`;
			},
			onNudge: () => engine.requestSync(),
			maxBackoffMs
		});
		const onOnline = () => {
			engine.setOnline(true);
			events.reconnectNow();
		};
		const onOffline = () => engine.setOnline(false);
		const onVisible = () => {
			if (document.visibilityState === 'visible') engine.requestSync(0);
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		document.addEventListener('visibilitychange', onVisible);
		engine.setOnline(navigator.onLine);
		events.start();
		return () => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
			document.removeEventListener('visibilitychange', onVisible);
			events.stop();
		};
	};
}
