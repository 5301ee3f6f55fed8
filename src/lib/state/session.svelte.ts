import type { RequestOptions } from '$lib/api/request';
import type { TidingsDb } from '$lib/db/database';
import type { PublicUser, SessionResponse } from '$lib/shared/api';
import { AccountSession, type SignOutResult } from '$lib/sync/account-session';
import { MAX_BACKOFF_SETTING } from '$lib/sync/backoff';
import { browserTriggers } from '$lib/sync/browser-triggers';
import { offlineMedia } from './offline-media.svelte';
import { syncStatus } from './sync-status.svelte';

/**
 * Who is signed in on this device, for the UI. The rules live in AccountSession (src/lib/sync/account-session.ts);
 * this class mirrors its state into runes. The current session is stored in the `tidings-accounts` database.
 */
class SessionState {
	user = $state<PublicUser | null>(null);
	token = $state<string | null>(null);
	/** The signed-in user's database (kept after a 401, so pending changes wait for the next sign-in). */
	db = $state.raw<TidingsDb | null>(null);
	/** True after a 401: ask the user to sign in again; nothing local was dropped. */
	needsSignIn = $state(false);
	/** False until `restore()` has read the stored session, so pages do not redirect to the login too early. */
	restored = $state(false);

	private readonly account = new AccountSession({
		triggers:
			typeof window === 'undefined' ? undefined : (getToken) => browserTriggers(getToken, '', maxBackoffSetting()),
		engine: { maxBackoffMs: maxBackoffSetting() }
	});

	constructor() {
		this.account.onChange((s) => {
			this.user = s.user;
			this.token = s.token;
			this.db = s.db;
			this.needsSignIn = s.needsSignIn;
			syncStatus.attach(s.engine);
			if (typeof window !== 'undefined') {
				offlineMedia.attach(s.db, s.engine, (id) => this.request(`/entries/${id}/extract`, { method: 'POST' }));
			}
		});
	}

	/** At app start. Safe to call more than once. */
	async restore(): Promise<void> {
		if (this.restored) return;
		try {
			await this.account.restore();
		} finally {
			this.restored = true;
		}
	}

	signIn(response: SessionResponse): Promise<void> {
		this.restored = true;
		return this.account.signIn(response);
	}

	/**
	 * Signs out on purpose: syncs first, then deletes this device's copy of the account. While changes are still
	 * pending it returns `{signedOut: false, pendingCount}`; call again with `discardPending: true` after the user
	 * agreed to lose them.
	 */
	signOut(options: { discardPending?: boolean } = {}): Promise<SignOutResult> {
		return this.account.signOut(options);
	}

	renamed(user: PublicUser): Promise<void> {
		return this.account.renamed(user);
	}

	/** After the account was deleted on the server: nothing of it stays on this device. */
	forgetAccount(): Promise<void> {
		return this.account.forgetAccount();
	}

	/** An API request with this session's token; only a 401 `unauthenticated` ends the session. */
	request = <T>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> =>
		this.account.request<T>(path, options);
}

/** The device's own cap on the sync backoff, if it stores one (see MAX_BACKOFF_SETTING). */
function maxBackoffSetting(): number | undefined {
	const value = Number(globalThis.localStorage?.getItem(MAX_BACKOFF_SETTING));
	return Number.isFinite(value) && value > 0 ? Math.max(value, 100) : undefined;
}

export const session = new SessionState();
