import type { Mutation, UserSettings } from '$lib/shared/mutations';
import type { SyncEntry, SyncEntryState, SyncFolder, SyncSubscription } from '$lib/shared/sync';

/**
 * What a device keeps. Booleans that are queried are stored as 0/1, because IndexedDB cannot index booleans;
 * read and starred live on the entry row so unread counts come from the [feedId+read+publishedAt] index.
 */
export type LocalFolder = SyncFolder;

/**
 * A subscription as the server last sent it, with this device's pending changes applied on top. A subscription
 * created on this device and not yet pulled has `feedId` 0: no entries belong to it until the server fetched it.
 */
export type LocalSubscription = SyncSubscription;

export interface LocalEntry extends SyncEntry {
	read: 0 | 1;
	/**
	 * 1 when starred, absent otherwise: IndexedDB leaves a row whose key path is missing out of an index, so
	 * [starred+publishedAt] holds the few starred entries and costs nothing to write for all the others.
	 */
	starred?: 1;
}

/** A read/starred state pulled before its entry arrived; folded into the entry when it does. */
export type OrphanEntryState = SyncEntryState;

/** A queued change. `id` is the mutation id: 1, 2, 3 … for this device's clientId, allocated with the change. */
export type OutboxMutation = Mutation & {
	createdAt: number;
};

/**
 * The value the server last confirmed for a row that a pending mutation changed on this device (null: the server
 * has no such row). A row without one shows exactly what the server sent; see sync/confirmed.ts.
 */
export interface ConfirmedRow {
	/** `folder:<id>`, `subscription:<id>`, `entry:<id>` (its read and starred flags only) or `settings`. */
	key: string;
	row: LocalFolder | LocalSubscription | EntryFlags | UserSettings | null;
}

export type EntryFlags = Pick<LocalEntry, 'read' | 'starred'>;

/** Mutations the server rejected, kept so the app can tell the user what did not happen. */
export interface RejectedMutation {
	seq?: number;
	mutationId: number;
	name: string;
	args: unknown;
	code: string;
	message: string | null;
	at: number;
}

export interface MetaValues {
	clientId: string;
	cookie: string | null;
	/** The last mutation id handed out on this device. */
	lastMutationId: number;
	/** The last mutation id the server confirmed it processed for this device. */
	lastServerMutationId: number;
	lastSyncAt: number | null;
	settings: UserSettings;
	userId: number;
	username: string;
	/**
	 * The latest publication date before which read entries may have left the device ("days kept offline"): from
	 * it on, the device holds every entry the server sent; before it, lists page from the server. Absent: nothing
	 * ever left.
	 */
	offlineFrom: number;
	/** Whether the browser already answered `navigator.storage.persist()` for this database. */
	persistenceAsked: boolean;
}

export type MetaKey = keyof MetaValues;

export interface MetaRow<K extends MetaKey = MetaKey> {
	key: K;
	value: MetaValues[K];
}
