import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Sql } from '../db/sql';
import type { Logger } from '../log';
import { forbidden } from '../domain-errors';
import { HttpError, isTransientDatabaseError, unavailable } from '../http/errors';
import { editTokenFor } from '../app-passwords/app-password-secrets';
import { ownerOfAuthToken } from '../app-passwords/app-passwords-service';
import type { AppPasswordOwner } from '../app-passwords/app-passwords-repo';
import { readerParams } from './reader-params';

export interface ReaderAuth {
	userId: number;
	username: string;
	authToken: string;
}

declare module 'express-serve-static-core' {
	interface Request {
		readerAuth?: ReaderAuth;
	}
}

/** Clients write the scheme in any case (`GoogleLogin`, `googlelogin`); the token is ours, so its alphabet is known. */
const GOOGLE_LOGIN = /^GoogleLogin\s+auth=([A-Za-z0-9/_-]{1,200})\s*$/i;

const unauthenticated = (message: string) => new HttpError(401, 'unauthenticated', message);

/**
 * The Reader API's own sign-in check, beside requireAuth (which only knows web sessions): the Auth token from
 * ClientLogin in `Authorization: GoogleLogin auth=…`. Only a missing, unknown or revoked token is a 401; a failing
 * look-up is a 503, as on the web API.
 */
export function requireReaderAuth(db: Sql, now: () => number, logger: Logger): RequestHandler {
	return async (req, _res, next) => {
		const authToken = GOOGLE_LOGIN.exec(req.headers.authorization ?? '')?.[1];
		if (!authToken) {
			return next(unauthenticated('sign in with accounts/ClientLogin and send Authorization: GoogleLogin auth=…'));
		}
		let owner: AppPasswordOwner | undefined;
		try {
			owner = await ownerOfAuthToken(db, authToken, now(), logger);
		} catch (err) {
			return next(isTransientDatabaseError(err) ? unavailable('cannot check your sign-in right now') : err);
		}
		if (!owner) return next(unauthenticated('this app password was revoked or never existed; make a new one'));
		if (owner.disabled) return next(forbidden('this account is disabled; ask the admin'));
		req.readerAuth = { userId: owner.user_id, username: owner.username, authToken };
		next();
	};
}

export function currentReaderAuth(req: Request): ReaderAuth {
	if (!req.readerAuth) throw new Error('requireReaderAuth must run before this handler');
	return req.readerAuth;
}

/** Clients that never fetched a T token send none, an empty one or `x`: the Auth header already proves who they are. */
const LENIENT_T = new Set(['', 'x']);

function sameToken(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Writes check the T token leniently; a wrong one is answered as Google did, so clients fetch a fresh token and
 * retry (Capy, Reeder look for these headers).
 */
export const checkEditToken: RequestHandler = (req, res, next) => {
	const t = readerParams(req).get('T');
	if (t === undefined || LENIENT_T.has(t) || sameToken(t, editTokenFor(currentReaderAuth(req).authToken))) {
		return next();
	}
	res.setHeader('X-Reader-Google-Bad-Token', 'true');
	res.setHeader('Google-Bad-Token', 'true');
	next(unauthenticated('the T token is not valid; fetch a new one from reader/api/0/token'));
};
