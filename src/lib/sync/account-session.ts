import { ApiError } from '$lib/api/api-error';
import { apiRequest, type RequestOptions } from '$lib/api/request';
import { AccountsDb } from '$lib/db/accounts-db';
import { openUserDb, type IndexedDbOptions, type TidingsDb } from '$lib/db/database';
import { pruneOfflineEntries } from '$lib/db/offline-retention';
import { requestPersistence } from '$lib/db/storage';
import type { PublicUser, SessionResponse } from '$lib/shared/api';
import { SyncEngine, type SyncEngineOptions, type TriggerSource } from './engine';
import { pendingCount } from './outbox';
import { httpTransport } from './sync-api';

export interface SessionSnapshot {
	user: PublicUser | null;
	token: string | null;
	db: TidingsDb | null;
	engine: SyncEngine | null;
	/** True after a 401: the user must sign in again; the local data and the outbox are kept for them. */
	needsSignIn: boolean;
}

export type SignOutResult = { signedOut: true } | { signedOut: false; pendingCount: number };

export interface AccountSessionOptions {
	/** The server's origin; empty in the browser. */
	baseUrl?: string;
	fetch?: typeof fetch;
	/** Where IndexedDB comes from (fake-indexeddb in Node tests). */
	dbOptions?: IndexedDbOptions;
	engine?: Partial<
		Pick<SyncEngineOptions, 'timers' | 'random' | 'now' | 'debounceMs' | 'periodicMs' | 'pullLimit' | 'maxBackoffMs'>
	>;
	/** The platform's sync triggers (the browser's events); none in Node. */
	triggers?: (getToken: () => string | null) => TriggerSource;
	timeoutMs?: number;
}

/**
 * Who is signed in on this device, their database and their sync engine. Plain TypeScript so the sign-in rules are
 * tested in Node against the real server; `session.svelte.ts` mirrors it into runes for the UI.
 *
 * The rules: only a 401 `unauthenticated` drops the token, and it keeps the user's database and outbox. Signing in
 * as the same user reuses that database and pushes its outbox; another user gets their own database, so an outbox
 * is only ever pushed with its owner's token. Signing out on purpose deletes this device's copy of the account,
 * after a last sync, and refuses (returning the count) while changes are still pending unless told to discard them.
 */
export class AccountSession {
	private state: SessionSnapshot = { user: null, token: null, db: null, engine: null, needsSignIn: false };
	private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
	private readonly accounts: AccountsDb;
	/**
	 * Restoring, signing in and forgetting run one after another: each reads the state, awaits IndexedDB, then
	 * writes the state, so a restore at app start that finished after a sign-in put the previous account back.
	 */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(private readonly options: AccountSessionOptions = {}) {
		this.accounts = new AccountsDb(options.dbOptions);
	}

	get snapshot(): SessionSnapshot {
		return this.state;
	}

	onChange(listener: (snapshot: SessionSnapshot) => void): () => void {
		this.listeners.add(listener);
		listener(this.state);
		return () => this.listeners.delete(listener);
	}

	/** At app start: reopen the account this device was signed in to, and sync if its token is still held. */
	restore(): Promise<void> {
		return this.oneAtATime(async () => {
			// Someone signed in while the app was starting: theirs is the session now.
			if (this.state.user) return;
			await this.reopenStoredAccount();
		});
	}

	private async reopenStoredAccount(): Promise<void> {
		const current = await this.accounts.current();
		if (!current) return;
		const db = await openUserDb(current.user.id, this.options.dbOptions);
		// Once per app start, not per sync: an old entry read just now stays for this session. Before the reader
		// sees the database, so that entries a list fetches from the server are not removed under it. A failure
		// only leaves more on the device, never the user without the app.
		await pruneOfflineEntries(db, Date.now()).catch(() => 0);
		this.update({ user: current.user, token: current.token, db, needsSignIn: current.token === null });
		void requestPersistence(db).catch(() => undefined);
		this.startEngine(db, current.user.id);
	}

	signIn(response: SessionResponse): Promise<void> {
		return this.oneAtATime(() => this.switchTo(response));
	}

	private async switchTo(response: SessionResponse): Promise<void> {
		const { user, token } = response;
		const sameUser = this.state.db !== null && this.state.user?.id === user.id;
		this.state.engine?.stop();
		if (!sameUser) {
			this.state.db?.close();
			this.update({ db: null, engine: null });
		}
		this.update({ user, token, needsSignIn: false });
		await this.accounts.save(user, token);
		const db = sameUser ? this.state.db! : await openUserDb(user.id, this.options.dbOptions);
		this.update({ db });
		void requestPersistence(db).catch(() => undefined);
		this.startEngine(db, user.id);
	}

	/**
	 * The session ended on the server (a 401). Keeps the user, their database and outbox; drops only the token.
	 * The engine stays, idle without a token, so the sync indicator keeps counting the changes made meanwhile.
	 */
	async expire(token: string): Promise<void> {
		if (this.state.token !== token) return;
		this.update({ token: null, needsSignIn: true });
		if (this.state.user) await this.accounts.save(this.state.user, null);
	}

	async signOut(options: { discardPending?: boolean } = {}): Promise<SignOutResult> {
		const { db, engine, token } = this.state;
		if (engine && token) await engine.syncNow();
		const pending = db ? await pendingCount(db) : 0;
		if (pending > 0 && !options.discardPending) return { signedOut: false, pendingCount: pending };
		if (token) {
			// Best effort: offline, the server session stays valid until it expires, but this device forgets the token.
			await this.request('/auth/logout', { method: 'POST' }).catch((err) => {
				if (!(err instanceof ApiError)) throw err;
			});
		}
		await this.forgetAccount();
		return { signedOut: true };
	}

	/** The user renamed themselves: the stored session shows the new name. */
	async renamed(user: PublicUser): Promise<void> {
		if (this.state.user?.id !== user.id) return;
		this.update({ user });
		await this.accounts.save(user, this.state.token);
	}

	/**
	 * Forgets the account on this device: its engine, token and database. After a sign-out, or once the account
	 * itself was deleted on the server (nothing left to push it to).
	 */
	forgetAccount(): Promise<void> {
		return this.oneAtATime(async () => {
			const { db } = this.state;
			this.state.engine?.stop();
			this.update({ user: null, token: null, db: null, engine: null, needsSignIn: false });
			await this.accounts.forget();
			if (db) await db.delete();
		});
	}

	/** An authenticated API request. A 401 `unauthenticated` expires the session; nothing else does. */
	async request<T>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> {
		const token = this.state.token;
		try {
			return await apiRequest<T>(path, {
				baseUrl: this.options.baseUrl,
				fetch: this.options.fetch,
				timeoutMs: this.options.timeoutMs,
				...options,
				token
			});
		} catch (err) {
			if (err instanceof ApiError && err.isUnauthenticated && token) await this.expire(token);
			throw err;
		}
	}

	private startEngine(db: TidingsDb, userId: number): void {
		// The token only while this engine's account and database are the session's: a stale engine can never
		// push its outbox with the token of whoever signed in next.
		const getToken = () => (this.state.db === db && this.state.user?.id === userId ? this.state.token : null);
		const engine = new SyncEngine({
			db,
			userId,
			transport: httpTransport({
				baseUrl: this.options.baseUrl,
				fetch: this.options.fetch,
				timeoutMs: this.options.timeoutMs
			}),
			getToken,
			onUnauthenticated: (token) => void this.expire(token),
			triggers: this.options.triggers?.(getToken),
			...this.options.engine
		});
		this.update({ engine });
		engine.start();
	}

	private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private update(changes: Partial<SessionSnapshot>): void {
		this.state = { ...this.state, ...changes };
		for (const listener of this.listeners) listener(this.state);
	}
}
