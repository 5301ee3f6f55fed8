import type { RequestHandler } from 'express';
import type { Sql } from '../db/sql';
import type { Logger } from '../log';
import { forbidden } from '../domain-errors';
import { HttpError, isTransientDatabaseError, unavailable } from '../http/errors';
import { findSession, hashToken, SESSION_TOUCH_INTERVAL_MS, touchSession, type SessionWithUser } from './sessions-repo';

export interface AuthContext {
	userId: number;
	username: string;
	isAdmin: boolean;
	sessionId: number;
}

declare module 'express-serve-static-core' {
	interface Request {
		auth?: AuthContext;
	}
}

const unauthenticated = (message: string) => new HttpError(401, 'unauthenticated', message);

function bearerToken(header: string | undefined): string | undefined {
	const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
	return match?.[1];
}

/**
 * The only place that answers 401, and only when the session is not valid: no token, an unknown one, or one
 * that expired or was revoked. If looking the session up fails, that is the server's problem: 503, and the app
 * keeps its token.
 */
export function requireAuth(db: Sql, now: () => number, logger: Logger, options: { allowQueryToken?: boolean } = {}) {
	const handler: RequestHandler = async (req, _res, next) => {
		const token =
			bearerToken(req.headers.authorization) ??
			(options.allowQueryToken && typeof req.query.token === 'string' ? req.query.token : undefined);
		if (!token) return next(unauthenticated('sign in to continue'));
		let session: SessionWithUser | undefined;
		try {
			session = await findSession(db, hashToken(token));
		} catch (err) {
			return next(isTransientDatabaseError(err) ? unavailable('cannot check your session right now') : err);
		}
		const at = now();
		if (!session || session.revoked_at !== null) return next(unauthenticated('your session has ended; sign in again'));
		if (session.expires_at <= at) return next(unauthenticated('your session has expired; sign in again'));
		if (session.disabled) return next(forbidden('this account is disabled; ask the admin'));
		if (at - session.last_used_at > SESSION_TOUCH_INTERVAL_MS) await slideExpiry(db, session.session_id, at, logger);
		req.auth = {
			userId: session.user_id,
			username: session.username,
			isAdmin: session.is_admin === 1,
			sessionId: session.session_id
		};
		next();
	};
	return handler;
}

/** Best effort: a busy database must not fail the request the session was checked for. */
async function slideExpiry(db: Sql, sessionId: number, at: number, logger: Logger): Promise<void> {
	try {
		await touchSession(db, sessionId, at);
	} catch (err) {
		logger.warn({ err }, 'could not extend a session; will try on a later request');
	}
}

export const requireAdmin: RequestHandler = (req, _res, next) => {
	next(req.auth?.isAdmin ? undefined : forbidden('only an admin can do that'));
};

export function currentAuth(req: { auth?: AuthContext }): AuthContext {
	if (!req.auth) throw new Error('requireAuth must run before this handler');
	return req.auth;
}
