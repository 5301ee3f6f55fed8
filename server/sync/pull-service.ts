import type { Db } from '../db/open';
import { currentVersion, transactionOf } from '../db/version';
import type { PullRequest, PullResponse } from '#shared/sync';
import { readUserSettings } from './mutations/settings';
import { decodeCookie, encodePosition, encodeRoundEnd, type PullRound } from './pull-cookie';
import { toSyncFolder, toSyncSubscription } from './pull-rows';
import { fillPage, PULL_PHASES, type PageBudget } from './pull-pages';
import { foldersChangedBetween } from './repos/folders-repo';
import { latestFeedSideVersion } from './repos/pull-repo';
import { subscriptionsChangedBetween } from './repos/subscriptions-repo';
import { syncClientRow } from './repos/sync-clients-repo';
import { clientNotOwned } from './client-not-owned';
import { getTombstoneHorizon, tombstonesBetween } from './repos/tombstones-repo';
import { getUserSettingsRow } from './repos/user-settings-repo';

export const DEFAULT_PULL_LIMIT = 1000;
/** Entry text per page: large enough to pull quickly, small enough for a phone to apply in one transaction. */
export const MAX_PULL_PAGE_CHARS = 3 * 1024 * 1024;

/**
 * One page of a pull, read in one snapshot (a deferred transaction that only reads): the versions, the rows and
 * lastMutationId all agree. A cookie that cannot be read, that is from the future (another database), or that is
 * older than the tombstone horizon restarts from nothing with `reset: true`. Another user's client id is refused,
 * as in a push.
 */
export function pull(db: Db, userId: number, request: PullRequest): PullResponse {
	return transactionOf(db, 'deferred', readPage)(db, userId, request);
}

function readPage(db: Db, userId: number, request: PullRequest): PullResponse {
	const client = syncClientRow(db, request.clientId);
	if (client && client.user_id !== userId) throw clientNotOwned();
	const current = currentVersion(db);
	const { round, initial, reset } = startingRound(db, request.cookie, current);
	const response = emptyResponse(reset, client?.last_mutation_id ?? 0);
	// Nothing at all changed since the cookie (the database's version is the cookie's): no query can find a row.
	if (!initial && round.after === round.upTo) {
		response.cookie = encodeRoundEnd(round.upTo);
		return response;
	}
	const budget: PageBudget = { rows: request.limit ?? DEFAULT_PULL_LIMIT, chars: MAX_PULL_PAGE_CHARS };
	let phases = PULL_PHASES;
	if (!round.position) {
		const feedsChanged = latestFeedSideVersion(db) > round.after;
		const subscribedInRound = addRoundStart(db, userId, { ...round, feedsChanged }, initial, response);
		// No entry, and no removal of one, can be in the round: only marks are left to read.
		if (!feedsChanged && !subscribedInRound) phases = ['states'];
	}
	const stop = fillPage(db, userId, round, budget, response, phases);
	response.hasMore = stop !== undefined;
	response.cookie = stop ? encodePosition(round, stop) : encodeRoundEnd(round.upTo);
	return response;
}

/** `initial` when the device starts from nothing: a first pull, or a reset. */
function startingRound(
	db: Db,
	cookie: string | null,
	current: number
): { round: PullRound; initial: boolean; reset: boolean } {
	const fresh = { round: { after: 0, upTo: current }, initial: true, reset: cookie !== null };
	if (cookie === null) return fresh;
	const round = decodeCookie(cookie, current);
	if (!round || round.after > round.upTo || round.upTo > current || missedDeletions(db, round)) return fresh;
	return { round, initial: false, reset: false };
}

/** A round from nothing (after = 0) needs no deletions; any later one must not start before the horizon. */
function missedDeletions(db: Db, round: PullRound): boolean {
	return round.after > 0 && round.after < getTombstoneHorizon(db);
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
function addRoundStart(
	db: Db,
	userId: number,
	round: PullRound & { feedsChanged: boolean },
	initial: boolean,
	response: PullResponse
): boolean {
	response.folders = foldersChangedBetween(db, userId, round.after, round.upTo).map(toSyncFolder);
	const subscriptions = subscriptionsChangedBetween(db, userId, round);
	response.subscriptions = subscriptions.map(toSyncSubscription);
	for (const tombstone of tombstonesBetween(db, userId, round.after, round.upTo)) {
		(tombstone.kind === 'folder' ? response.deleted.folders : response.deleted.subscriptions).push(tombstone.id);
	}
	const settings = getUserSettingsRow(db, userId);
	const changed = settings.settings_version > round.after && settings.settings_version <= round.upTo;
	if (initial || changed) response.settings = readUserSettings(settings.settings);
	return subscriptions.some((s) => s.entries_since_version > round.after);
}
