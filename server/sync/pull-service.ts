import type { Sql, Store } from '../db/sql';
import type { PullRequest, PullResponse } from '#shared/sync';
import { readUserSettings } from './mutations/settings';
import { decodeCookie, encodePosition, encodeRoundEnd, type PullRound } from './pull-cookie';
import { toSyncFolder, toSyncSubscription } from './pull-rows';
import { fillPage, PULL_PHASES, type PageBudget } from './pull-pages';
import { foldersChangedBetween } from './repos/folders-repo';
import { pullStart, type PullStartRow } from './repos/pull-repo';
import { subscriptionsChangedBetween } from './repos/subscriptions-repo';
import { clientNotOwned } from './client-not-owned';
import { tombstonesBetween } from './repos/tombstones-repo';

export const DEFAULT_PULL_LIMIT = 1000;
/** Entry text per page: large enough to pull quickly, small enough for a phone to apply in one transaction. */
export const MAX_PULL_PAGE_CHARS = 3 * 1024 * 1024;

/**
 * One page of a pull, read in one snapshot (a read-only transaction): the versions, the rows and
 * lastMutationId all agree. A cookie that cannot be read, that is from the future (another database), or that is
 * older than the tombstone horizon restarts from nothing with `reset: true`. Another user's client id is refused,
 * as in a push.
 */
export function pull(store: Store, userId: number, request: PullRequest): Promise<PullResponse> {
	return store.transaction((tx) => readPage(tx, userId, request), { readOnly: true });
}

async function readPage(db: Sql, userId: number, request: PullRequest): Promise<PullResponse> {
	const start = await pullStart(db, userId, request.clientId);
	if (start.client_user_id !== null && start.client_user_id !== userId) throw clientNotOwned();
	const { round, initial, reset } = startingRound(request.cookie, start);
	const response = emptyResponse(reset, start.last_mutation_id ?? 0);
	// Nothing at all changed since the cookie (the database's version is the cookie's): no query can find a row.
	if (!initial && round.after === round.upTo) {
		response.cookie = encodeRoundEnd(round.upTo);
		return response;
	}
	const budget: PageBudget = { rows: request.limit ?? DEFAULT_PULL_LIMIT, chars: MAX_PULL_PAGE_CHARS };
	let phases = PULL_PHASES;
	if (!round.position) {
		const feedsChanged = start.feed_side_version > round.after;
		const subscribedInRound = await addRoundStart(db, userId, { ...round, feedsChanged }, initial, start, response);
		// No entry, and no removal of one, can be in the round: only marks are left to read.
		if (!feedsChanged && !subscribedInRound) phases = ['states'];
	}
	const stop = await fillPage(db, userId, round, budget, response, phases);
	response.hasMore = stop !== undefined;
	response.cookie = stop ? encodePosition(round, stop) : encodeRoundEnd(round.upTo);
	return response;
}

/** `initial` when the device starts from nothing: a first pull, or a reset. */
function startingRound(
	cookie: string | null,
	start: PullStartRow
): { round: PullRound; initial: boolean; reset: boolean } {
	const current = start.current_version;
	const fresh = { round: { after: 0, upTo: current }, initial: true, reset: cookie !== null };
	if (cookie === null) return fresh;
	const round = decodeCookie(cookie, current);
	if (!round || round.after > round.upTo || round.upTo > current || missedDeletions(round, start.horizon)) return fresh;
	return { round, initial: false, reset: false };
}

/** A round from nothing (after = 0) needs no deletions; any later one must not start before the horizon. */
function missedDeletions(round: PullRound, horizon: number): boolean {
	return round.after > 0 && round.after < horizon;
}

function emptyResponse(reset: boolean, lastMutationId: number): PullResponse {
	return {
		cookie: '',
		hasMore: false,
		reset,
		lastMutationId,
		folders: [],
		subscriptions: [],
		entries: [],
		entryStates: [],
		settings: null,
		deleted: { folders: [], subscriptions: [], entries: [] }
	};
}

/**
 * The small per-user rows, all of them in a round's first page; settings when changed, or for a new start.
 * Returns whether a subscription began in the round (its feed's older entries are then part of it).
 */
async function addRoundStart(
	db: Sql,
	userId: number,
	round: PullRound & { feedsChanged: boolean },
	initial: boolean,
	settings: Pick<PullStartRow, 'settings' | 'settings_version'>,
	response: PullResponse
): Promise<boolean> {
	response.folders = (await foldersChangedBetween(db, userId, round.after, round.upTo)).map(toSyncFolder);
	const subscriptions = await subscriptionsChangedBetween(db, userId, round);
	response.subscriptions = subscriptions.map(toSyncSubscription);
	for (const tombstone of await tombstonesBetween(db, userId, round.after, round.upTo)) {
		(tombstone.kind === 'folder' ? response.deleted.folders : response.deleted.subscriptions).push(tombstone.id);
	}
	const changed = settings.settings_version > round.after && settings.settings_version <= round.upTo;
	if (initial || changed) response.settings = readUserSettings(settings.settings);
	return subscriptions.some((s) => s.entries_since_version > round.after);
}
