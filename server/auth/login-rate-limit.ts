import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { HttpError } from '../http/errors';
import type { RateLimits } from '../deps';
import { usernameKey } from './users-repo';

function limiter(limit: number, windowMs: number, keyGenerator: Options['keyGenerator']): RequestHandler {
	return rateLimit({
		windowMs,
		limit,
		keyGenerator,
		standardHeaders: 'draft-8',
		legacyHeaders: false,
		// Only failed attempts count, so a person who signs in on many devices is never locked out.
		skipSuccessfulRequests: true,
		handler: (req, _res, next) => {
			const info = (req as { rateLimit?: RateLimitInfo }).rateLimit;
			const resetAt = info?.resetTime?.getTime() ?? Date.now() + windowMs;
			const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
			next(new HttpError(429, 'rate_limited', 'too many sign-in attempts; wait and try again', undefined, retryAfter));
		}
	});
}

const usernameInJsonBody = (req: Request) => (req.body as { username?: unknown } | undefined)?.username;

/**
 * Limits failed sign-ins per client address and per username (so one account can't be guessed from many).
 * `usernameOf` finds the username in a request that does not carry it as JSON (the Reader API's ClientLogin).
 */
export function loginRateLimits(limits: RateLimits, usernameOf: (req: Request) => unknown = usernameInJsonBody) {
	return [
		limiter(limits.loginPerIp, limits.windowMs, (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`),
		limiter(limits.loginPerUsername, limits.windowMs, (req) => {
			const username = usernameOf(req);
			return `user:${typeof username === 'string' ? usernameKey(username.trim()) : ''}`;
		})
	];
}
