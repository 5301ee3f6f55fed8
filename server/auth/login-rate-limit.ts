import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import { HttpError } from '../http/errors';
import type { Logger } from '../log';
import { defaultRateLimits, type AppDeps, type RateLimits } from '../deps';
import { currentAuth } from './require-auth';
import { usernameKey } from './users-repo';

interface LimiterOptions {
	limit: number;
	windowMs: number;
	key: (req: Request) => string;
	/** Counts only refused answers (4xx), so a person who signs in on many devices is never held back. */
	failuresOnly: boolean;
	message: string;
}

function limiter({ limit, windowMs, key, failuresOnly, message }: LimiterOptions): RequestHandler {
	return rateLimit({
		windowMs,
		limit,
		keyGenerator: key as Options['keyGenerator'],
		standardHeaders: 'draft-8',
		legacyHeaders: false,
		skipSuccessfulRequests: failuresOnly,
		handler: (req, _res, next) => {
			const info = (req as { rateLimit?: RateLimitInfo }).rateLimit;
			const resetAt = info?.resetTime?.getTime() ?? Date.now() + windowMs;
			const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
			next(new HttpError(429, 'rate_limited', message, undefined, retryAfter));
		}
	});
}

const clientAddress = (req: Request) => ipKeyGenerator(req.ip ?? '');
const usernameInJsonBody = (req: Request) => (req.body as { username?: unknown } | undefined)?.username;
const SIGN_IN = 'too many sign-in attempts; wait and try again';

/**
 * Failed sign-ins are refused per client address (one address spraying many names) and per name from one address
 * (one address guessing one password). A name guessed from many addresses is only slowed down, never refused: a
 * refusal keyed on the name alone would let anyone keep its owner out. `usernameOf` finds the username in a
 * request that does not carry it as JSON (the Reader API's ClientLogin).
 */
export function loginRateLimits(
	limits: RateLimits,
	logger: Logger,
	usernameOf: (req: Request) => unknown = usernameInJsonBody
): RequestHandler[] {
	const { windowMs } = limits;
	const nameOf = (req: Request) => {
		const username = usernameOf(req);
		return typeof username === 'string' ? usernameKey(username.trim()) : '';
	};
	return [
		limiter({
			limit: limits.loginPerIp,
			windowMs,
			key: (req) => `ip:${clientAddress(req)}`,
			failuresOnly: true,
			message: SIGN_IN
		}),
		limiter({
			limit: limits.loginPerUsername,
			windowMs,
			key: (req) => `user:${nameOf(req)}|${clientAddress(req)}`,
			failuresOnly: true,
			message: SIGN_IN
		}),
		slowDown({
			windowMs,
			delayAfter: limits.loginPerUsername,
			delayMs: (used, req) => {
				const delay = (used - limits.loginPerUsername) * limits.loginSlowdownStepMs;
				if (used === limits.loginPerUsername + 1)
					logger.warn(
						{ username: nameOf(req), windowMs },
						'sign-ins for one name are failing from many addresses; slowing them down'
					);
				return delay;
			},
			maxDelayMs: limits.loginSlowdownMaxMs,
			keyGenerator: (req) => `user:${nameOf(req as Request)}`,
			skipSuccessfulRequests: true
		})
	];
}

/** Setup and sign-up hash a password for anyone who asks: every attempt counts, per client address. */
export function accountCreationRateLimit(limit: number, windowMs: number): RequestHandler {
	return limiter({
		limit,
		windowMs,
		key: (req) => `create:${clientAddress(req)}`,
		failuresOnly: false,
		message: 'too many accounts asked for from this address; wait and try again'
	});
}

const passwordCheckLimits = new WeakMap<AppDeps, RequestHandler>();

/**
 * Endpoints that check a signed-in user's current password (password change, account deletion): a stolen token
 * must not allow unlimited guessing of it, so failed checks are counted per user, in one count per app.
 */
export function passwordCheckRateLimit(deps: AppDeps): RequestHandler {
	let handler = passwordCheckLimits.get(deps);
	if (!handler) {
		const limits = rateLimitsOf(deps);
		handler = limiter({
			limit: limits.passwordChecksPerUser,
			windowMs: limits.windowMs,
			key: (req) => `password:${currentAuth(req).userId}`,
			failuresOnly: true,
			message: 'too many wrong passwords; wait and try again'
		});
		passwordCheckLimits.set(deps, handler);
	}
	return handler;
}

export function rateLimitsOf(deps: AppDeps): RateLimits {
	return { ...defaultRateLimits, ...deps.rateLimits };
}
