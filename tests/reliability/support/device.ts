import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { TidingsDb } from '../../../src/lib/db/database';
import type { SessionResponse } from '#shared/api';
import { AccountSession } from '../../../src/lib/sync/account-session';
import type { CycleOutcome } from '../../../src/lib/sync/engine';
import type { Timers } from '../../../src/lib/sync/timers';

/** No timer ever fires: the harness drives every cycle itself, so nothing runs behind its back. */
const idleTimers: Timers = { after: () => () => undefined, every: () => () => undefined };

/**
 * One device: its own IndexedDB (fake-indexeddb), the real AccountSession and sync engine, talking to `baseUrl`
 * through `fetch` (where a harness can watch or break requests).
 */
export class Device {
	readonly session: AccountSession;

	constructor(
		readonly label: string,
		baseUrl: string,
		fetchImpl: typeof fetch = fetch,
		timeoutMs = 5_000
	) {
		this.session = new AccountSession({
			baseUrl,
			dbOptions: { indexedDB: new IDBFactory(), IDBKeyRange },
			fetch: fetchImpl,
			engine: { timers: idleTimers, random: Math.random },
			timeoutMs
		});
	}

	signIn(session: SessionResponse): Promise<void> {
		return this.session.signIn(session);
	}

	get db(): TidingsDb {
		const db = this.session.snapshot.db;
		if (!db) throw new Error(`${this.label} has no database`);
		return db;
	}

	get token(): string | null {
		return this.session.snapshot.token;
	}

	/** One sync cycle; 'signed-out' when the device has no token (it then keeps its outbox). */
	sync(): Promise<CycleOutcome> {
		const engine = this.session.snapshot.engine;
		return engine ? engine.syncNow() : Promise.resolve('signed-out');
	}

	async pending(): Promise<number> {
		return this.db.outbox.count();
	}

	async rejected(): Promise<{ name: string; code: string; args: unknown }[]> {
		return (await this.db.rejected.toArray()).map(({ name, code, args }) => ({ name, code, args }));
	}

	/** What a person sees, in the model's shape. */
	async visibleState(): Promise<VisibleState> {
		const folders = Object.fromEntries((await this.db.folders.toArray()).map((f) => [f.id, f.name]));
		const subscriptions = Object.fromEntries(
			(await this.db.subscriptions.toArray()).map((s) => [s.id, { title: s.title, folderId: s.folderId }])
		);
		const entries = Object.fromEntries(
			(await this.db.entries.toArray()).map((e) => [e.id, { read: e.read === 1, starred: e.starred === 1 }])
		);
		return { folders, subscriptions, entries };
	}
}

export interface VisibleState {
	folders: Record<string, string>;
	subscriptions: Record<string, { title: string | null; folderId: string | null }>;
	entries: Record<string, { read: boolean; starred: boolean }>;
}
