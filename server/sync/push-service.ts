import type { Sql, Store } from '../db/sql';
import type { MutationEnvelope } from '#shared/mutations';
import type { PushRequest, PushResponse, MutationResult } from '#shared/sync';
import type { Logger } from '../log';
import { applyEnvelope, ConstraintFailed, type PushMode } from './mutations/registry';
import { createMutationContext, type MutationContext } from './mutations/mutation-context';
import {
	claimSyncClient,
	forgetRejectionsBefore,
	recordPush,
	recordRejection,
	rejectionsBetween,
	type RejectionRow
} from './repos/sync-clients-repo';
import { clientNotOwned } from './client-not-owned';

export interface PushOutcome {
	response: PushResponse;
	/** True when anything was written that a pull would return. */
	changed: boolean;
	/** Feeds subscribed to by this push: fetch them now that it committed. */
	subscribedFeedIds: number[];
}

/**
 * Applies a push in one BEGIN IMMEDIATE transaction: mutations in id order; ids at or below the client's last
 * processed one are duplicates; each new one applies or is rejected (both count as processed); the first gap
 * stops processing, and the mutations after it are left out of the results for the client to send again.
 * A duplicate of a mutation that was rejected is answered with that rejection again (`firstStatus`): the device
 * whose answer was lost learns it. Refusals are kept until the client pushes from a later id, which it does
 * only once it has their answers.
 *
 * A constraint error in a mutation that runs without a savepoint would otherwise fail the push every time the
 * device sends it, blocking its outbox for good: the push is rolled back whole and applied once more in the
 * careful mode, where such a mutation is rejected on its own. Only such a push pays for a savepoint per
 * mutation (a tenth of a push's time).
 */
export async function applyPush(
	store: Store,
	userId: number,
	request: PushRequest,
	now: number,
	logger: Logger
): Promise<PushOutcome> {
	let outcome: AttemptOutcome;
	try {
		outcome = await applyInTransaction(store, userId, request, now, 'fast');
	} catch (err) {
		if (!(err instanceof ConstraintFailed)) throw err;
		outcome = await applyInTransaction(store, userId, request, now, 'careful');
	}
	for (const { id, name } of outcome.refusedByConstraint) {
		logger.warn(
			{ userId, clientId: request.clientId, mutationId: id, mutation: name },
			'push: a database constraint refused a mutation, rejected it (a bug or a schema problem)'
		);
	}
	return outcome;
}

interface AttemptOutcome extends PushOutcome {
	refusedByConstraint: MutationContext['refusedByConstraint'];
}

function applyInTransaction(
	store: Store,
	userId: number,
	request: PushRequest,
	now: number,
	mode: PushMode
): Promise<AttemptOutcome> {
	return store.transaction((tx) => applyMutations(tx, userId, request, now, mode));
}

async function applyMutations(
	db: Sql,
	userId: number,
	request: PushRequest,
	now: number,
	mode: PushMode
): Promise<AttemptOutcome> {
	const client = await claimSyncClient(db, request.clientId, userId, now);
	if (client.user_id !== userId) {
		throw clientNotOwned();
	}
	const ctx = createMutationContext(db, userId, now);
	let lastMutationId = client.last_mutation_id;
	const mutations = inIdOrder(request.mutations);
	const refusals = await replayedRefusals(db, request.clientId, mutations[0]?.id, lastMutationId);
	const results: MutationResult[] = [];
	for (const envelope of mutations) {
		if (envelope.id <= lastMutationId) {
			results.push(duplicate(envelope.id, refusals.get(envelope.id)));
			continue;
		}
		if (envelope.id !== lastMutationId + 1) break;
		const result = await applyEnvelope(ctx, envelope, mode);
		if (result.status === 'rejected') {
			const rejection = { mutation_id: result.id, code: result.code ?? 'rejected', message: result.message ?? null };
			await recordRejection(db, request.clientId, rejection);
		}
		results.push(result);
		lastMutationId = envelope.id;
	}
	await recordPush(db, userId, request.clientId, lastMutationId, now);
	return {
		response: { lastMutationId, results },
		changed: results.some((r) => r.status === 'applied'),
		subscribedFeedIds: [...ctx.subscribedFeedIds],
		refusedByConstraint: ctx.refusedByConstraint
	};
}

/**
 * The refusals among the duplicates of a push, by mutation id. A client pushes from the first mutation it has no
 * answer for, so the refusals before that one are forgotten here.
 */
async function replayedRefusals(
	db: Sql,
	clientId: string,
	firstId: number | undefined,
	lastMutationId: number
): Promise<Map<number, RejectionRow>> {
	if (firstId === undefined) return new Map();
	await forgetRejectionsBefore(db, clientId, firstId);
	if (firstId > lastMutationId) return new Map();
	return new Map((await rejectionsBetween(db, clientId, firstId, lastMutationId)).map((r) => [r.mutation_id, r]));
}

function duplicate(id: number, refusal: RejectionRow | undefined): MutationResult {
	if (!refusal) return { id, status: 'duplicate' };
	const result: MutationResult = { id, status: 'duplicate', firstStatus: 'rejected', code: refusal.code };
	if (refusal.message !== null) result.message = refusal.message;
	return result;
}

function inIdOrder(mutations: MutationEnvelope[]): MutationEnvelope[] {
	return [...mutations].sort((a, b) => a.id - b.id);
}
