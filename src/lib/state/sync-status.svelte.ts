import type { RejectedMutation } from '$lib/db/schema';
import type { CycleOutcome, SyncEngine } from '$lib/sync/engine';
import { catchUp } from './catch-up.svelte';

/** The sync indicator's state, mirrored from the signed-in account's engine. */
class SyncStatusState {
	online = $state(true);
	syncing = $state(false);
	pendingCount = $state(0);
	lastSyncAt = $state<number | null>(null);
	/** A sentence a person understands (what happened, what to do), or null when the last sync worked. */
	lastError = $state<string | null>(null);
	lastErrorCode = $state<string | null>(null);
	rejected = $state.raw<RejectedMutation[]>([]);
	nextRetryAt = $state<number | null>(null);

	private engine: SyncEngine | null = null;
	private unsubscribe: (() => void) | null = null;

	/** Follows another engine (after sign-in) or none (after sign-out). */
	attach(engine: SyncEngine | null): void {
		if (engine === this.engine) return;
		this.unsubscribe?.();
		this.unsubscribe = null;
		this.engine = engine;
		if (!engine) {
			this.syncing = false;
			this.pendingCount = 0;
			this.nextRetryAt = null;
			catchUp.set(false);
			return;
		}
		this.unsubscribe = engine.subscribe((s) => {
			this.online = s.online;
			this.syncing = s.syncing;
			this.pendingCount = s.pendingCount;
			this.lastSyncAt = s.lastSyncAt;
			this.lastError = s.lastError;
			this.lastErrorCode = s.lastErrorCode;
			this.rejected = s.rejected;
			this.nextRetryAt = s.nextRetryAt;
			catchUp.set(s.catchingUp);
		});
	}

	/** "Sync now": runs a cycle at once; 'signed-out' when no account can sync. */
	syncNow(): Promise<CycleOutcome> {
		return this.engine ? this.engine.syncNow() : Promise.resolve('signed-out');
	}
}

export const syncStatus = new SyncStatusState();
