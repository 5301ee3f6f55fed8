import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '#shared/mutations';
import { openPgStore, type PgStore } from '../../../server/db/pg/pg-store';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { serverCluster, type ServerCluster } from '../../support/server-cluster';
import type { ServerProcess } from '../../support/server-process';
import { newId, TestDevice } from '../sync/sync-client';

const ROUNDS = 25;

/**
 * A device whose push timed out sends it again, and a load balancer may hand the two copies to two processes: here
 * every push goes to both at once. The client's row, locked for the push's transaction, makes the later copy wait
 * and find every mutation done.
 */
describe("the same device's push sent to two server processes at once (PostgreSQL)", () => {
	let cluster: ServerCluster;
	let a: ServerProcess;
	let b: ServerProcess;
	let token: string;
	let db: PgStore;

	beforeAll(async () => {
		cluster = await serverCluster('retries');
		[a, b] = await Promise.all([cluster.start(), cluster.start()]);
		token = (await setupAdmin(a)).token;
		db = openPgStore(cluster.databaseUrl);
	});

	afterAll(async () => {
		await db?.close();
		await cluster?.stop();
	});

	/** Sends one push to both processes at once: one copy must apply each mutation, the other answer it a duplicate. */
	async function pushToBoth(devices: TestDevice<ServerProcess>[], mutations: Mutation[], label: string) {
		const copies = await Promise.all(devices.map((device) => device.push(mutations)));
		for (const copy of copies) {
			expect(copy.status).toBe(200);
			expect(copy.body.lastMutationId).toBe(mutations.at(-1)!.id);
		}
		for (const { id } of mutations) {
			const statuses = copies.map((copy) => copy.body.results.find((r) => r.id === id)?.status).sort();
			expect(statuses, `${label}, mutation ${id}`).toEqual(['applied', 'duplicate']);
		}
	}

	const changeCounter = async () => (await db.get<{ value: number }>('SELECT value FROM sync_seq WHERE id = 1'))!.value;

	it('applies each mutation once: one copy applies it, the other answers it as a duplicate', async () => {
		const onA = new TestDevice(a, token);
		const onB = new TestDevice(b, token, onA.clientId);
		const folderIds = Array.from({ length: 5 }, newId).sort();
		await onA.send(
			...folderIds.map((folderId, i) => ({
				name: 'folder.create' as const,
				args: { folderId, name: `Folder ${i}`, orderKey: `a${i}` }
			}))
		);
		const before = await changeCounter();

		for (let round = 1; round <= ROUNDS; round++) {
			const mutations = onA.number([
				...folderIds.map((folderId) => ({
					name: 'folder.rename' as const,
					args: { folderId, name: `Round ${round}` }
				})),
				{ name: 'settings.update', args: { settings: { offlineDays: round } } }
			]);
			await pushToBoth([onA, onB], mutations, `round ${round}`);
		}

		// A push that applies anything takes one version: a push applied twice would have taken two.
		expect(await changeCounter()).toBe(before + ROUNDS);
		const folders = await db.all<{ name: string; version: number }>(
			'SELECT name, version FROM folders WHERE id IN (SELECT unnest(CAST(@ids AS text[]))) ORDER BY id',
			{ ids: folderIds }
		);
		expect(folders).toEqual(folderIds.map(() => ({ name: `Round ${ROUNDS}`, version: before + ROUNDS })));
		const fresh = new TestDevice(b, token);
		const pulled = await fresh.pullAll();
		expect(pulled.flatMap((page) => page.folders).map((f) => f.name)).toEqual(folderIds.map(() => `Round ${ROUNDS}`));
		expect(pulled.find((page) => page.settings)?.settings).toMatchObject({ offlineDays: ROUNDS });
		expect((await onB.pullOnce()).body.lastMutationId).toBe(folderIds.length + ROUNDS * (folderIds.length + 1));
	});

	it('a REST write on one process meanwhile takes its own version; the push still applies once', async () => {
		const onA = new TestDevice(a, token);
		const onB = new TestDevice(b, token, onA.clientId);
		const [pushed, patched] = [newId(), newId()];
		const created = await onA.send(
			{ name: 'folder.create', args: { folderId: pushed, name: 'Pushed', orderKey: 'a5' } },
			{ name: 'folder.create', args: { folderId: patched, name: 'Patched', orderKey: 'a6' } }
		);
		expect(created.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		const before = await changeCounter();
		const rounds = 10;
		for (let round = 1; round <= rounds; round++) {
			const mutations = onA.number([{ name: 'folder.rename', args: { folderId: pushed, name: `Push ${round}` } }]);
			const [, patch] = await Promise.all([
				pushToBoth([onA, onB], mutations, `round ${round}`),
				call(round % 2 ? a.url : b.url, 'PATCH', `/api/folders/${patched}`, {
					token,
					body: { name: `Patch ${round}` }
				})
			]);
			expect(patch.status).toBe(200);
		}
		expect(await changeCounter()).toBe(before + 2 * rounds);
		const names = new Map(
			(await new TestDevice(b, token).pullAll()).flatMap((page) => page.folders).map((f) => [f.id, f.name])
		);
		expect([names.get(pushed), names.get(patched)]).toEqual([`Push ${rounds}`, `Patch ${rounds}`]);
	});
});
