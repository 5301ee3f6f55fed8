import type { RequestHandler } from 'express';
import { currentAuth } from '../auth/require-auth';
import type { ChangeBus } from './change-bus';

/** Proxies and load balancers close connections that stay silent; a comment line every 25 s keeps it open. */
export const HEARTBEAT_MS = 25_000;

/**
 * GET /api/sync/events: a server-sent-events stream that says "pull now" (`event: change`) after any commit that
 * changed this user's data. The event carries no data of its own (EventSource drops events with an empty data
 * field, hence the fixed word). The bus listener and the heartbeat go when the connection closes. A stream whose
 * session ends closes at once, and a nudge is sent only after checking that the session still stands, so no
 * revoked device keeps learning when its user's data changes.
 */
export function changeEvents(
	bus: ChangeBus,
	sessionIsActive: (sessionId: number) => Promise<boolean>,
	heartbeatMs = HEARTBEAT_MS
): RequestHandler {
	return (req, res) => {
		const { userId, sessionId } = currentAuth(req);
		res.writeHead(200, {
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-store',
			Connection: 'keep-alive',
			'X-Accel-Buffering': 'no'
		});
		// Tells EventSource how long to wait before reconnecting, and gets the headers out at once.
		res.write('retry: 5000\n\n');
		// A session that cannot be checked (a busy database) ends the stream too: the device reconnects, and its
		// token is checked again then.
		const endIfRevoked = async () => {
			const active = await sessionIsActive(sessionId).catch(() => false);
			if (!active) res.end();
			return active && !res.writableEnded;
		};
		const unsubscribe = bus.subscribe(userId, () => {
			void endIfRevoked().then((active) => active && res.write('event: change\ndata: pull\n\n'));
		});
		const stopOnSessionEnd = bus.onSessionsEnded(userId, () => void endIfRevoked());
		const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
		const stopOnShutdown = bus.onClose(() => res.end());
		res.on('close', () => {
			clearInterval(heartbeat);
			unsubscribe();
			stopOnSessionEnd();
			stopOnShutdown();
		});
	};
}
