import type { TidingsDb } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';
import type { OutboxMutation } from '$lib/db/schema';
import { parseMutation, type Mutation, type MutationArgs, type MutationName } from '$lib/shared/mutations';
import { MAX_MUTATIONS_PER_PUSH, MAX_PUSH_BYTES } from '$lib/shared/sync';

/** A mutation before it has an id. */
export type MutationInput = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

/**
 * Appends a mutation with the next id of this device. Call it inside the transaction that applies the change, so
 * the change and its mutation are stored together or not at all. Arguments are checked against the shared schema
 * first: a mutation the server would reject as malformed never enters the queue.
 */
export async function appendToOutbox(db: TidingsDb, input: MutationInput, now = Date.now()): Promise<Mutation> {
	const id = ((await getMeta(db, 'lastMutationId')) ?? 0) + 1;
	const parsed = parseMutation({ id, name: input.name, args: input.args });
	if (!parsed.ok) throw new Error(`invalid ${input.name}: ${parsed.message}`);
	await db.outbox.add({ ...parsed.mutation, createdAt: now } as OutboxMutation);
	await setMeta(db, 'lastMutationId', id);
	return parsed.mutation;
}

export function pendingCount(db: TidingsDb): Promise<number> {
	return db.outbox.count();
}

export function pendingMutations(db: TidingsDb): Promise<OutboxMutation[]> {
	return db.outbox.orderBy('id').toArray();
}

/** What travels in a push: the envelope only, without local bookkeeping. */
export function toEnvelope(m: OutboxMutation): Mutation {
	return { id: m.id, name: m.name, args: m.args } as Mutation;
}

const encoder = new TextEncoder();

/**
 * The oldest pending mutations that fit one push: at most `maxCount` (1000 or less after a 413) and at most 1 MiB
 * of JSON, counting a margin for the request's other fields. Always at least one, so a queue never stalls on size.
 */
export async function nextBatch(db: TidingsDb, maxCount = MAX_MUTATIONS_PER_PUSH): Promise<Mutation[]> {
	const candidates = await db.outbox.orderBy('id').limit(Math.min(maxCount, MAX_MUTATIONS_PER_PUSH)).toArray();
	const batch: Mutation[] = [];
	let bytes = 256;
	for (const candidate of candidates) {
		const envelope = toEnvelope(candidate);
		bytes += encoder.encode(JSON.stringify(envelope)).length + 1;
		if (bytes > MAX_PUSH_BYTES && batch.length > 0) break;
		batch.push(envelope);
	}
	return batch;
}

/** Forgets mutations the server has processed (applied, duplicate or rejected). */
export async function dropAcknowledged(db: TidingsDb, lastMutationId: number): Promise<void> {
	await db.outbox.where('id').belowOrEqual(lastMutationId).delete();
	const known = (await getMeta(db, 'lastServerMutationId')) ?? 0;
	if (lastMutationId > known) await setMeta(db, 'lastServerMutationId', lastMutationId);
}

/**
 * Numbers the pending mutations on from `serverLastId` under `clientId`, in order. Used when the server says the
 * clientId belongs to another account (a new clientId starting at 1), or knows fewer of this client's mutations
 * than the device thought: the server accepts no gap.
 */
export async function renumberOutbox(db: TidingsDb, clientId: string, serverLastId: number): Promise<void> {
	await db.transaction('rw', db.outbox, db.meta, async () => {
		const pending = await pendingMutations(db);
		await db.outbox.clear();
		await db.outbox.bulkAdd(pending.map((m, i) => ({ ...m, id: serverLastId + i + 1 })));
		await setMeta(db, 'lastMutationId', serverLastId + pending.length);
		await setMeta(db, 'lastServerMutationId', serverLastId);
		await setMeta(db, 'clientId', clientId);
	});
}
