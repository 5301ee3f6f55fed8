import { ApiError } from '$lib/api/api-error';
import type { TidingsDb } from '$lib/db/database';
import { ensureClientId, getMeta, newClientId } from '$lib/db/meta';
import { MAX_MUTATIONS_PER_PUSH } from '$lib/shared/sync';
import { applyPullPage } from './apply-pull';
import { nextBatch, renumberOutbox } from './outbox';
import { recordPushResults } from './push-results';
import type { SyncTransport } from './sync-api';

/** What one push-then-pull exchange with the server needs. */
export interface Exchange {
	db: TidingsDb;
	transport: SyncTransport;
	token: string;
	now: () => number;
	pullLimit?: number;
}

/** Answers that a new numbering fixes are retried at once, a bounded number of times. */
const MAX_IMMEDIATE_RETRIES = 3;

function isClientNotOwned(err: unknown): boolean {
	return err instanceof ApiError && err.code === 'client_not_owned';
}

/**
 * Pushes every pending mutation, oldest first, in as few requests as the limits allow. A 413 halves the batch; a
 * 403 `client_not_owned` (this clientId was first used by another account) moves the queue to a new clientId,
 * numbered from 1, so nothing is ever pushed under the other account. Other errors propagate.
 */
export async function pushPending({ db, transport, token, now }: Exchange): Promise<void> {
	let batchLimit = MAX_MUTATIONS_PER_PUSH;
	let immediateRetries = 0;
	for (;;) {
		const batch = await nextBatch(db, batchLimit);
		if (batch.length === 0) return;
		const clientId = await ensureClientId(db);
		let response;
		try {
			response = await transport.push(token, { clientId, mutations: batch });
		} catch (err) {
			if (err instanceof ApiError && err.status === 413 && batch.length > 1) {
				batchLimit = Math.max(1, Math.floor(batch.length / 2));
				continue;
			}
			if (isClientNotOwned(err) && immediateRetries++ < MAX_IMMEDIATE_RETRIES) {
				await renumberOutbox(db, newClientId(), 0, true);
				continue;
			}
			throw err;
		}
		const firstId = batch[0]!.id;
		if (response.lastMutationId < firstId - 1 && immediateRetries++ < MAX_IMMEDIATE_RETRIES) {
			// The server knows fewer of this client's mutations than the device thought (a restored backup): it
			// accepts no gap, so number the queue on from what it has.
			await renumberOutbox(db, clientId, response.lastMutationId);
			continue;
		}
		await recordPushResults(db, batch, response, now());
		if (response.lastMutationId < firstId) return;
	}
}

/** Pulls every page from the stored cookie on, applying each page in its own transaction. */
export async function pullAll({ db, transport, token, pullLimit }: Exchange): Promise<void> {
	let immediateRetries = 0;
	for (;;) {
		const clientId = await ensureClientId(db);
		const cookie = (await getMeta(db, 'cookie')) ?? null;
		let page;
		try {
			page = await transport.pull(token, { clientId, cookie, limit: pullLimit });
		} catch (err) {
			if (isClientNotOwned(err) && immediateRetries++ < MAX_IMMEDIATE_RETRIES) {
				await renumberOutbox(db, newClientId(), 0, true);
				continue;
			}
			throw err;
		}
		await applyPullPage(db, page);
		if (!page.hasMore) return;
	}
}
