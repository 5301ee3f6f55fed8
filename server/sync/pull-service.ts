import type { Sql, Store } from '../db/sql';
import { currentVersion } from '../db/version';
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
 * One page of a pull, read in one snapshot (a read-only transaction): the versions, the rows and
 * lastMutationId all agree. A cookie that cannot be read, that is from the future (another database), or that is
 * older than the tombstone horizon restarts from nothing with `reset: true`. Another user's client id is refused,
 * as in a push.
 */
export async function pull(store: Store, userId: number, request: PullRequest): Promise<PullResponse> {
	return await store.transaction(async (tx) => await readPage(tx, userId, request), { readOnly: true });
}

async function readPage(db: Sql, userId: number, request: PullRequest): Promise<PullResponse> {
	const client = await syncClientRow(db, request.clientId);
	if (client && client.user_id !== userId) throw clientNotOwned();
	const current = await currentVersion(db);
	const { round, initial, reset } = await startingRound(db, request.cookie, current);
	const response = emptyResponse(reset, client?.last_mutation_id ?? 0);
	// Nothing at all changed since the cookie (the database's version is the cookie's): no query can find a row.
	if (!initial && round.after === round.upTo) {
		response.cookie = encodeRoundEnd(round.upTo);
		return response;
	}
	const budget: PageBudget = { rows: request.limit ?? DEFAULT_PULL_LIMIT, chars: MAX_PULL_PAGE_CHARS };
	let phases = PULL_PHASES;
	if (!round.position) {
		const feedsChanged = (await latestFeedSideVersion(db)) > round.after;
		const subscribedInRound = await addRoundStart(db, userId, { ...round, feedsChanged }, initial, response);
		// No entry, and no removal of one, can be in the round: only marks are left to read.
		if (!feedsChanged && !subscribedInRound) phases = ['states'];
	}
	const stop = await fillPage(db, userId, round, budget, response, phases);
	response.hasMore = stop !== undefined;
	response.cookie = stop ? encodePosition(round, stop) : encodeRoundEnd(round.upTo);
	return response;
}

/** `initial` when the device starts from nothing: a first pull, or a reset. */
async function startingRound(
	db: Sql,
	cookie: string | null,
	current: number
): Promise<{ round: PullRound; initial: boolean; reset: boolean }> {
	const fresh = { round: { after: 0, upTo: current }, initial: true, reset: cookie !== null };
	if (cookie === null) return fresh;
	const round = decodeCookie(cookie, current);
	if (!round || round.after > round.upTo || round.upTo > current || (await missedDeletions(db, round))) return fresh;
	return { round, initial: false, reset: false };
}

/** A round from nothing (after = 0) needs no deletions; any later one must not start before the horizon. */
async function missedDeletions(db: Sql, round: PullRound): Promise<boolean> {
	return round.after > 0 && round.after < (await getTombstoneHorizon(db));
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
	response: PullResponse
): Promise<boolean> {
	response.folders = (await foldersChangedBetween(db, userId, round.after, round.upTo)).map(toSyncFolder);
	const subscriptions = await subscriptionsChangedBetween(db, userId, round);
	response.subscriptions = subscriptions.map(toSyncSubscription);
	for (const tombstone of await tombstonesBetween(db, userId, round.after, round.upTo)) {
		(tombstone.kind === 'folder' ? response.deleted.folders : response.deleted.subscriptions).push(tombstone.id);
	}
	const settings = await getUserSettingsRow(db, userId);
	const changed = settings.settings_version > round.after && settings.settings_version <= round.upTo;
	if (initial || changed) response.settings = readUserSettings(settings.settings);
	return subscriptions.some((s) => s.entries_since_version > round.after);
}
