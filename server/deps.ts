import type { Config } from './config';
import type { Db } from './db/open';
import type { Logger } from './log';
import type { ChangeBus } from './sync/change-bus';

/** What the feed engine offers the rest of the server: subscribing asks for a fetch once the push commits. */
export interface FeedRefresher {
	/** Schedule a fetch of this feed as soon as possible. Must not fetch synchronously. */
	requestRefresh(feedId: number): void;
	/** Fetch this feed now (joining a fetch already under way) and resolve with what it did. */
	refreshNow?(feedId: number): Promise<unknown>;
}

export interface RateLimits {
	/** Login attempts per IP address per window. */
	loginPerIp: number;
	/** Login attempts per username per window. */
	loginPerUsername: number;
	windowMs: number;
}

export const defaultRateLimits: RateLimits = { loginPerIp: 30, loginPerUsername: 10, windowMs: 15 * 60 * 1000 };

export interface AppDeps {
	config: Config;
	db: Db;
	logger: Logger;
	bus: ChangeBus;
	refresher: FeedRefresher;
	rateLimits?: RateLimits;
	/** Milliseconds since the epoch; tests move it to expire sessions. */
	now?: () => number;
}
