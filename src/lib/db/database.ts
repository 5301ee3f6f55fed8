import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import type {
	LocalEntry,
	LocalFolder,
	LocalSubscription,
	MetaRow,
	ConfirmedRow,
	OrphanEntryState,
	OutboxMutation,
	RejectedMutation
} from './schema';

/**
 * Schema versions, oldest first. A new version only lists what changes; Dexie keeps every table it does not
 * mention, so the outbox survives every upgrade. An upgrade function must never clear or rewrite the outbox.
 */
export const SCHEMA_VERSIONS: Record<number, Record<string, string | null>> = {
	1: {
		folders: 'id',
		subscriptions: 'id, feedId, folderId',
		entries:
			'id, publishedAt, [feedId+publishedAt], [feedId+read], [feedId+read+publishedAt], [read+publishedAt], [starred+publishedAt]',
		orphanStates: 'entryId',
		outbox: 'id',
		rejected: '++seq, at',
		meta: 'key'
	},
	// Every index is written for every stored entry (six of them were a third of a first sync's time), so each
	// one left serves what no other can: [feedId+read+publishedAt] a feed's entries, all or unread (and their
	// count); [read+publishedAt] the Unread list and count, and both halves together the All list; and
	// [starred+publishedAt] the Starred list and count, holding only starred rows (see LocalEntry.starred).
	2: {
		entries: 'id, [feedId+read+publishedAt], [read+publishedAt], [starred+publishedAt]'
	},
	// The server-confirmed values of the rows pending mutations changed (sync/confirmed.ts).
	3: {
		confirmed: 'key'
	}
};

/**
 * What a version does to the rows it finds, beside its schema change. Version 2 removes `starred: 0` (a row
 * without the property is left out of the Starred index), touching only the unstarred rows.
 */
export const SCHEMA_UPGRADES: Record<number, (tx: Transaction) => Promise<unknown>> = {
	2: (tx) =>
		tx
			.table('entries')
			.where('[starred+publishedAt]')
			.between([0, Dexie.minKey], [0, Dexie.maxKey], true, true)
			.modify((entry: { starred?: number }) => {
				delete entry.starred;
			})
};

/** Where IndexedDB comes from: the browser's by default, fake-indexeddb's in Node tests. */
export type IndexedDbOptions = Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>;

type LocalWriteListener = () => void;

export class TidingsDb extends Dexie {
	folders!: EntityTable<LocalFolder, 'id'>;
	subscriptions!: EntityTable<LocalSubscription, 'id'>;
	entries!: EntityTable<LocalEntry, 'id'>;
	orphanStates!: EntityTable<OrphanEntryState, 'entryId'>;
	outbox!: EntityTable<OutboxMutation, 'id'>;
	rejected!: EntityTable<RejectedMutation, 'seq'>;
	confirmed!: EntityTable<ConfirmedRow, 'key'>;
	meta!: EntityTable<MetaRow, 'key'>;

	private readonly writeListeners = new Set<LocalWriteListener>();

	constructor(name: string, options: IndexedDbOptions = {}) {
		super(name, options);
		for (const [version, stores] of Object.entries(SCHEMA_VERSIONS)) {
			const upgrade = SCHEMA_UPGRADES[Number(version)];
			const declared = this.version(Number(version)).stores(stores);
			if (upgrade) declared.upgrade(upgrade);
		}
	}

	/** The sync engine listens here: every action calls `notifyLocalWrite` once its transaction committed. */
	onLocalWrite(listener: LocalWriteListener): () => void {
		this.writeListeners.add(listener);
		return () => this.writeListeners.delete(listener);
	}

	notifyLocalWrite(): void {
		for (const listener of this.writeListeners) listener();
	}
}

export function userDbName(userId: number): string {
	return `tidings-user-${userId}`;
}

/** One database per user, so one account's data and outbox can never mix with another's. */
export async function openUserDb(userId: number, options: IndexedDbOptions = {}): Promise<TidingsDb> {
	const db = new TidingsDb(userDbName(userId), options);
	await db.open();
	await db.transaction('rw', db.meta, async () => {
		const owner = await db.meta.get('userId');
		if (owner === undefined) await db.meta.put({ key: 'userId', value: userId });
		else if (owner.value !== userId) throw new Error(`database ${db.name} belongs to user ${owner.value}`);
	});
	return db;
}
