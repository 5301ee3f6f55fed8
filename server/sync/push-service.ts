import type { Db } from '../db/open';
import { transactionOf } from '../db/version';
import type { MutationEnvelope } from '../../src/lib/shared/mutations';
import type { PushRequest, PushResponse, MutationResult } from '../../src/lib/shared/sync';
import type { Logger } from '../log';
import { applyEnvelope, ConstraintFailed, type PushMode } from './mutations/registry';
import { createMutationContext, type MutationContext } from './mutations/mutation-context';
import { claimSyncClient, recordPush } from './repos/sync-clients-repo';
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
 *
 * A constraint error in a mutation that runs without a savepoint would otherwise fail the push every time the
 * device sends it, blocking its outbox for good: the push is rolled back whole and applied once more in the
 * careful mode, where such a mutation is rejected on its own. Only such a push pays for a savepoint per
 * mutation (a tenth of a push's time).
 */
export function applyPush(db: Db, userId: number, request: PushRequest, now: number, logger: Logger): PushOutcome {
	let outcome: AttemptOutcome;
	try {
		outcome = applyInTransaction(db, userId, request, now, 'fast');
	} catch (err) {
		if (!(err instanceof ConstraintFailed)) throw err;
		outcome = applyInTransaction(db, userId, request, now, 'careful');
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

function applyInTransaction(db: Db, userId: number, request: PushRequest, now: number, mode: PushMode): AttemptOutcome {
	return transactionOf(db, 'immediate', applyMutations)(db, userId, request, now, mode);
}

function applyMutations(db: Db, userId: number, request: PushRequest, now: number, mode: PushMode): AttemptOutcome {
	const client = claimSyncClient(db, request.clientId, userId, now);
	if (client.user_id !== userId) {
		throw clientNotOwned();
	}
	const ctx = createMutationContext(db, userId, now);
	let lastMutationId = client.last_mutation_id;
	const results: MutationResult[] = [];
	for (const envelope of inIdOrder(request.mutations)) {
		if (envelope.id <= lastMutationId) {
			results.push({ id: envelope.id, status: 'duplicate' });
			continue;
		}
		if (envelope.id !== lastMutationId + 1) break;
		results.push(applyEnvelope(ctx, envelope, mode));
		lastMutationId = envelope.id;
	}
	recordPush(db, userId, request.clientId, lastMutationId, now);
	return {
		response: { lastMutationId, results },
		changed: results.some((r) => r.status === 'applied'),
		subscribedFeedIds: [...ctx.subscribedFeedIds],
		refusedByConstraint: ctx.refusedByConstraint
	};
}

function inIdOrder(mutations: MutationEnvelope[]): MutationEnvelope[] {
	return [...mutations].sort((a, b) => a.id - b.id);
}
