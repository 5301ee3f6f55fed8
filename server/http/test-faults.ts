import { Router } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '#shared/api';
import { HttpError, sendError } from './errors';
import { parse } from './validate';

/** The failures a push can be made to answer, with their error codes (design.md's error shape). */
const CODES = {
	429: 'rate_limited',
	500: 'internal',
	502: 'bad_gateway',
	503: 'unavailable'
} as const satisfies Record<number, ErrorCode>;
type FaultStatus = keyof typeof CODES;

const faultSchema = z.object({
	pushStatus: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]).default(503),
	count: z.number().int().min(0).max(1_000_000),
	retryAfterSeconds: z.number().int().min(0).max(3600).default(1)
});

export interface FaultState {
	pushStatus: FaultStatus;
	/** How many more pushes fail. */
	remaining: number;
	retryAfterSeconds: number;
	/** How many pushes failed on purpose since the switch was last set. */
	served: number;
}

/**
 * A test-only switch that makes the server fail on purpose, so the end-to-end suite can show that a failing
 * server never signs anyone out. app.ts mounts it only when config.TEST_FAULTS is true; in production the paths
 * below do not exist (404). It is in memory: one switch per server process.
 *
 *   GET    /api/__test/faults                         -> the current switch
 *   POST   /api/__test/faults {pushStatus, count, retryAfterSeconds?}
 *          the next `count` POST /api/sync/push answer `pushStatus` (with Retry-After); count 0 clears it
 *   DELETE /api/__test/faults                         -> clears it
 */
export function testFaultRoutes(): Router {
	let state: FaultState = { pushStatus: 503, remaining: 0, retryAfterSeconds: 1, served: 0 };
	const router = Router();

	router.get('/__test/faults', (_req, res) => {
		res.json(state);
	});
	router.post('/__test/faults', (req, res) => {
		const fault = parse(faultSchema, req.body, 'fault');
		state = {
			pushStatus: fault.pushStatus,
			remaining: fault.count,
			retryAfterSeconds: fault.retryAfterSeconds,
			served: 0
		};
		res.json(state);
	});
	router.delete('/__test/faults', (_req, res) => {
		state = { ...state, remaining: 0 };
		res.json(state);
	});

	// Registered before the sync routes, so a failing push never reaches the database.
	router.post('/sync/push', (_req, res, next) => {
		if (state.remaining <= 0) return next();
		state = { ...state, remaining: state.remaining - 1, served: state.served + 1 };
		const status = state.pushStatus;
		const retryAfter = status === 500 ? undefined : state.retryAfterSeconds;
		sendError(res, new HttpError(status, CODES[status], `test fault: push answers ${status}`, undefined, retryAfter));
	});

	return router;
}
