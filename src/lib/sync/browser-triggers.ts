import type { SyncEngine, TriggerSource } from './engine';

/**
 * The browser's reasons to sync: the network coming back, the app becoming visible, and the server's nudge over
 * server-sent events (EventSource cannot send headers, so the token travels in the query string). Kept out of the
 * engine so the engine runs in Node.
 */
export function browserTriggers(getToken: () => string | null, baseUrl = ''): TriggerSource {
	return (engine: SyncEngine) => {
		const onOnline = () => engine.setOnline(true);
		const onOffline = () => engine.setOnline(false);
		const onVisible = () => {
			if (document.visibilityState === 'visible') engine.requestSync(0);
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		document.addEventListener('visibilitychange', onVisible);
		engine.setOnline(navigator.onLine);
		const token = getToken();
		const events =
			token && typeof EventSource !== 'undefined'
				? new EventSource(`${baseUrl}/api/sync/events?token=${encodeURIComponent(token)}`)
				: null;
		// The server names its nudge `change`; it carries nothing but "pull now".
		events?.addEventListener('change', () => engine.requestSync());
		return () => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
			document.removeEventListener('visibilitychange', onVisible);
			events?.close();
		};
	};
}
