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

/** The server's answer to every mutation up to this id arrived; they stay in the outbox until a pull has them. */
function lastAnswered(db: TidingsDb): Promise<number> {
	return getMeta(db, 'lastServerMutationId').then((id) => id ?? 0);
}

/** How many changes have not reached the server yet (those it answered are only waiting for the next pull). */
export async function pendingCount(db: TidingsDb): Promise<number> {
	return db.outbox
		.where('id')
		.above(await lastAnswered(db))
		.count();
}

/** Every mutation still in the outbox, oldest first: the ones not sent yet, and the ones waiting for a pull. */
export function pendingMutations(db: TidingsDb): Promise<OutboxMutation[]> {
	return db.outbox.orderBy('id').toArray();
}

/** What travels in a push: the envelope only, without local bookkeeping. */
export function toEnvelope(m: OutboxMutation): Mutation {
	return { id: m.id, name: m.name, args: m.args } as Mutation;
}

const encoder = new TextEncoder();

/**
 * The oldest mutations the server has not answered that fit one push: at most `maxCount` (1000 or less after a
 * 413) and at most 1 MiB of JSON, counting a margin for the request's other fields. Always at least one, so a
 * queue never stalls on size.
 */
export async function nextBatch(db: TidingsDb, maxCount = MAX_MUTATIONS_PER_PUSH): Promise<Mutation[]> {
	const candidates = await db.outbox
		.where('id')
		.above(await lastAnswered(db))
		.limit(Math.min(maxCount, MAX_MUTATIONS_PER_PUSH))
		.toArray();
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

/** Notes the server's answer to every mutation up to `lastMutationId`: they are not sent again. */
export async function noteAnswered(db: TidingsDb, lastMutationId: number): Promise<void> {
	if (lastMutationId > (await lastAnswered(db))) await setMeta(db, 'lastServerMutationId', lastMutationId);
}

/** Takes the mutations a pull shows processed (applied, duplicate or rejected) out of the outbox; returns how many. */
export async function dropAcknowledged(db: TidingsDb, lastMutationId: number): Promise<number> {
	const dropped = await db.outbox.where('id').belowOrEqual(lastMutationId).delete();
	await noteAnswered(db, lastMutationId);
	return dropped;
}

/**
 * Numbers the mutations after `serverLastId` on from it under `clientId`, in order, answered or not: the server
 * accepts no gap. Used when the server knows fewer of this client's mutations than the device thought (a restored
 * backup: what it answered before is lost with it), and, with `dropAnswered`, when the clientId belongs to another
 * account: the new clientId starts at 1, and what the old one got answers for is not sent again.
 */
export async function renumberOutbox(
	db: TidingsDb,
	clientId: string,
	serverLastId: number,
	dropAnswered = false
): Promise<void> {
	await db.transaction('rw', db.outbox, db.meta, async () => {
		if (dropAnswered)
			await db.outbox
				.where('id')
				.belowOrEqual(await lastAnswered(db))
				.delete();
		const moved = await db.outbox.where('id').above(serverLastId).toArray();
		await db.outbox.bulkDelete(moved.map((m) => m.id));
		await db.outbox.bulkAdd(moved.map((m, i) => ({ ...m, id: serverLastId + i + 1 })));
		await setMeta(db, 'lastMutationId', serverLastId + moved.length);
		await setMeta(db, 'lastServerMutationId', serverLastId);
		await setMeta(db, 'clientId', clientId);
	});
}
