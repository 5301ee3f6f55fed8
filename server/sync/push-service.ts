import type { Db } from '../db/open';
import { transactionOf } from '../db/version';
import type { MutationEnvelope } from '../../src/lib/shared/mutations';
import type { PushRequest, PushResponse, MutationResult } from '../../src/lib/shared/sync';
import { applyEnvelope } from './mutations/registry';
import { createMutationContext } from './mutations/mutation-context';
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
 */
export function applyPush(db: Db, userId: number, request: PushRequest, now: number): PushOutcome {
	return transactionOf(db, 'immediate', applyInTransaction)(db, userId, request, now);
}

function applyInTransaction(db: Db, userId: number, request: PushRequest, now: number): PushOutcome {
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
		results.push(applyEnvelope(ctx, envelope));
		lastMutationId = envelope.id;
	}
	recordPush(db, userId, request.clientId, lastMutationId, now);
	return {
		response: { lastMutationId, results },
		changed: results.some((r) => r.status === 'applied'),
		subscribedFeedIds: [...ctx.subscribedFeedIds]
	};
}

function inIdOrder(mutations: MutationEnvelope[]): MutationEnvelope[] {
	return [...mutations].sort((a, b) => a.id - b.id);
}
