import type { Config } from './config';
import type { Store } from './db/sql';
import type { Logger } from './log';
import type { ChangeBus } from './sync/change-bus';

/** What the feed engine offers the rest of the server: subscribing asks for a fetch once the push commits. */
export interface FeedRefresher {
	/** Schedule a fetch of this feed as soon as possible. Must not fetch synchronously. */
	requestRefresh(feedId: number): void;
	/** Fetch this feed now (joining a fetch already under way) and resolve with what it did. */
	refreshNow?(feedId: number): Promise<unknown>;
}

/** Per window: what one client address, one name or one user may try before being refused or slowed down. */
export interface RateLimits {
	/** Failed sign-ins from one client address (any names). */
	loginPerIp: number;
	/** Failed sign-ins for one name from one client address; from all addresses together, the slow-down starts. */
	loginPerUsername: number;
	/** Each failed sign-in for a name past that many adds this much delay to the next, up to the maximum. */
	loginSlowdownStepMs: number;
	loginSlowdownMaxMs: number;
	/** Setup and sign-up attempts from one client address. */
	accountCreationPerIp: number;
	/** Wrong current passwords for one signed-in user (password change, account deletion). */
	passwordChecksPerUser: number;
	windowMs: number;
}

export const defaultRateLimits: RateLimits = {
	loginPerIp: 30,
	loginPerUsername: 10,
	loginSlowdownStepMs: 1000,
	loginSlowdownMaxMs: 15_000,
	accountCreationPerIp: 10,
	passwordChecksPerUser: 10,
	windowMs: 15 * 60 * 1000
};

export interface AppDeps {
	config: Config;
	store: Store;
	logger: Logger;
	bus: ChangeBus;
	refresher: FeedRefresher;
	/** Unset limits take their defaults. */
	rateLimits?: Partial<RateLimits>;
	/** Milliseconds since the epoch; tests move it to expire sessions. */
	now?: () => number;
}
