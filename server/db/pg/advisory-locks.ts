/**
 * Keys of the PostgreSQL advisory locks the server takes, in one place so that no two uses collide. The
 * two-integer form: the first is Tidings' own namespace ("TDNG"), the second the lock.
 */
export const LOCK_NAMESPACE = 0x54444e47;

export const ADVISORY_LOCKS = {
	/** Held while migrations run, so two processes starting at once apply each migration once. */
	migrations: 1,
	/** Held by a first-start setup's transaction: with no user yet, there is no row to lock. */
	firstSetup: 2
} as const;
