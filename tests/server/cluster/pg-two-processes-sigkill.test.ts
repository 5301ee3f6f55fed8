import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mutation } from '#shared/mutations';
import { keysBetween } from '#shared/order-keys';
import { openPgStore, type PgStore } from '../../../server/db/pg/pg-store';
import { setupAdmin } from '../../support/accounts';
import { holdRowLocks } from '../../support/pg-row-locks';
import { serverCluster, type ServerCluster } from '../../support/server-cluster';
import type { ServerProcess } from '../../support/server-process';
import { newId, TestDevice } from '../sync/sync-client';

const FOLDERS = 150;
/** A folder made before, renamed half-way through each push: where a push can be made to wait. */
const BLOCKER_ID = newId();

const waitingOn = (statement: string) =>
	`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()
	 AND wait_event_type = 'Lock' AND query LIKE '${statement}%'`;

interface Moment {
	moment: string;
	/** What process B must then find of the push, where the moment decides it. */
	outcome: 'none' | 'all';
	/**
	 * Rows another transaction holds meanwhile (a SELECT … FOR UPDATE, or an INSERT of an id the push creates, and
	 * its values), so the push waits there.
	 */
	hold?: (folderIds: string[]) => [string, unknown[]];
	/** Counts what shows the moment has come: what the database shows of the push (never a time). */
	reached: string;
}

const MOMENTS: Moment[] = [
	{
		moment: 'before its first write, waiting for the change counter',
		outcome: 'none',
		hold: () => ['SELECT value FROM sync_seq FOR UPDATE', []],
		reached: waitingOn('UPDATE sync_seq')
	},
	{
		// Another transaction inserts, uncommitted, the id of a folder the push creates half-way: the push's INSERT
		// waits on the unique index, its first half written. (Watching for its INSERTs to pass by instead missed
		// them on a loaded machine: the 150 took less than a look.)
		moment: 'while it creates the folders',
		outcome: 'none',
		hold: (folderIds) => [
			`INSERT INTO folders (id, user_id, name, order_key, created_at, version)
			 VALUES ($1, (SELECT min(id) FROM users), 'held', 'a0', 0, 0)`,
			[folderIds[FOLDERS / 2]]
		],
		reached: waitingOn('INSERT INTO folders')
	},
	{
		moment: 'half-way, waiting for a folder another transaction holds',
		outcome: 'none',
		hold: () => ['SELECT id FROM folders WHERE id = $1 FOR UPDATE', [BLOCKER_ID]],
		reached: waitingOn('UPDATE folders SET name')
	},
	{
		moment: 'after its commit',
		outcome: 'all',
		reached: `SELECT count(*) AS n FROM sync_clients WHERE client_id = @clientId AND last_mutation_id = ${2 * FOLDERS + 1}`
	}
];

/**
 * A server process killed (SIGKILL: no shutdown, no rollback of its own) while a large push is in its
 * transaction: the other process sees all of the push or none of it, and the device's retry there ends with each
 * mutation applied once.
 */
describe('a server process killed mid-push (PostgreSQL)', () => {
	let cluster: ServerCluster;
	let a: ServerProcess;
	let b: ServerProcess;
	let token: string;
	let db: PgStore;
	let lastKey: string | null = null;

	beforeAll(async () => {
		cluster = await serverCluster('sigkill');
		b = await cluster.start();
		token = (await setupAdmin(b)).token;
		db = openPgStore(cluster.databaseUrl);
		lastKey = keysBetween(null, null, 1)[0]!;
		await new TestDevice(b, token).send({
			name: 'folder.create',
			args: { folderId: BLOCKER_ID, name: 'Blocker', orderKey: lastKey }
		});
	});

	/** Process A, new for each kill. */
	beforeEach(async () => {
		a = await cluster.start();
	});

	afterAll(async () => {
		await db?.close();
		await cluster?.stop();
	});

	/** Creates FOLDERS folders, then renames each and, half-way, the blocker: one push, ids from 1. */
	function largePush(): { folderIds: string[]; mutations: Mutation[] } {
		const folderIds = Array.from({ length: FOLDERS }, newId);
		const keys = keysBetween(lastKey, null, FOLDERS);
		lastKey = keys.at(-1)!;
		const creates = folderIds.map((folderId, i) => ({
			name: 'folder.create' as const,
			args: { folderId, name: `Folder ${i}`, orderKey: keys[i]! }
		}));
		const renames = folderIds.map((folderId, i) => ({
			name: 'folder.rename' as const,
			args: { folderId, name: `Renamed ${i}` }
		}));
		const blocker = { name: 'folder.rename' as const, args: { folderId: BLOCKER_ID, name: 'Renamed blocker' } };
		const half = FOLDERS / 2;
		const all = [...creates, ...renames.slice(0, half), blocker, ...renames.slice(half)];
		return { folderIds, mutations: all.map((m, i) => ({ ...m, id: i + 1 })) };
	}

	/** The names of this push's folders, by id, as a new device pulling from process B sees them. */
	async function foldersOnB(folderIds: string[]): Promise<Map<string, string>> {
		const ids = new Set(folderIds);
		const pages = await new TestDevice(b, token).pullAll();
		const folders = pages.flatMap((page) => page.folders).filter((folder) => ids.has(folder.id));
		return new Map(folders.map((folder) => [folder.id, folder.name]));
	}
	const allRenamed = (folderIds: string[]) => new Map(folderIds.map((id, i) => [id, `Renamed ${i}`]));

	it.each(MOMENTS)('killed $moment: all or nothing, then the retry applies each mutation once', async (moment) => {
		const onA = new TestDevice(a, token);
		const { folderIds, mutations } = largePush();
		const held = moment.hold ? await holdRowLocks(cluster.databaseUrl, ...moment.hold(folderIds)) : null;
		const sent = onA.push(mutations).catch((error: unknown) => error as Error);
		await vi.waitFor(
			async () => {
				const shown = await db.get<{ n: number }>(moment.reached, { clientId: onA.clientId });
				expect(shown!.n).toBeGreaterThan(0);
			},
			{ timeout: 25_000, interval: 20 }
		);
		a.child.kill('SIGKILL');
		await a.exited;
		await held?.release();
		const answer = await sent;

		const onB = new TestDevice(b, token, onA.clientId);
		const lastMutationId = (await onB.pullOnce()).body.lastMutationId;
		const seen = await foldersOnB(folderIds);
		const applied = lastMutationId > 0;
		expect(applied).toBe(moment.outcome === 'all');
		if (applied) {
			expect(lastMutationId).toBe(mutations.length);
			expect(seen).toEqual(allRenamed(folderIds));
		} else {
			expect(seen.size).toBe(0);
		}
		// An answer that got out before the kill says what happened.
		if (!(answer instanceof Error)) {
			expect(answer.status).toBe(200);
			expect(applied).toBe(true);
		}

		const retry = await onB.push(mutations);
		expect(retry.status).toBe(200);
		expect(retry.body.lastMutationId).toBe(mutations.length);
		expect(new Set(retry.body.results.map((r) => r.status))).toEqual(new Set([applied ? 'duplicate' : 'applied']));
		expect(await foldersOnB(folderIds)).toEqual(allRenamed(folderIds));
		// Written by one transaction: every folder of the push carries its one version.
		const versions = await db.all<{ version: number }>(
			`SELECT DISTINCT version FROM folders WHERE id IN (SELECT unnest(CAST(@ids AS text[])))`,
			{ ids: folderIds }
		);
		expect(versions).toHaveLength(1);
	});
});
