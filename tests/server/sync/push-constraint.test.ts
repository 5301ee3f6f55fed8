import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '#shared/mutations';
import { setupAdmin } from '../../support/accounts';
import { column, value } from '../../support/rows';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';
import { newId, TestDevice } from './sync-client';

/*
 * No mutation expects a constraint error outside its savepoint today: these tests make one happen for real with
 * triggers on the test's database, standing in for a future schema change or bug.
 */

/** How a trigger fails the statement: a constraint error, or an error of another kind. */
type Failure = 'constraint' | 'other';

/**
 * A trigger that fails each write of a `table` row whose `column` becomes `value`: SQLite's RAISE(ABORT) is a
 * constraint error there; on PostgreSQL an exception with SQLSTATE 23514 (check_violation) is one, P0001 is not.
 */
async function refuseWrite(
	event: 'INSERT' | 'UPDATE',
	table: string,
	column: string,
	value: string,
	failure: Failure = 'constraint'
): Promise<void> {
	const name = `refuse_${table}`;
	if (testBackend === 'sqlite') {
		const body = failure === 'constraint' ? `SELECT RAISE(ABORT, '${value}')` : 'INSERT INTO no_such_table VALUES (1)';
		server.db.exec(
			`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} WHEN NEW.${column} = '${value}' BEGIN ${body}; END`
		);
		return;
	}
	const code = failure === 'constraint' ? " USING ERRCODE = ''check_violation''" : '';
	await server.store.run(
		`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''${value}''${code}; END'`
	);
	await server.store.run(
		`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW WHEN (NEW.${column} = '${value}') EXECUTE FUNCTION ${name}()`
	);
}

let server: TestServer;
let device: TestDevice;
let subs: string[];

beforeEach(async () => {
	server = await startTestServer();
	device = new TestDevice(server, (await setupAdmin(server)).token);
	subs = [newId(), newId(), newId()];
	await device.send(
		...subs.map((subscriptionId, i) => ({
			name: 'subscription.create' as const,
			args: { subscriptionId, url: `https://s${i}.example.test/feed`, folderId: null, orderKey: `a${i}` }
		}))
	);
});
afterEach(() => server.close());

const rename = (subscriptionId: string, title: string): Omit<Mutation, 'id'> => ({
	name: 'subscription.update',
	args: { subscriptionId, title }
});

const refuseBoom = (failure?: Failure) => refuseWrite('UPDATE', 'subscriptions', 'title', 'boom', failure);

const version = async () => (await value(server.store, 'SELECT value FROM sync_seq'))!;

async function pulledTitles(): Promise<Record<string, string | null>> {
	const fresh = new TestDevice(server, device.token);
	const pages = await fresh.pullAll();
	return Object.fromEntries(pages.flatMap((p) => p.subscriptions).map((s) => [s.id, s.title]));
}

function logLines(): Record<string, unknown>[] {
	return fs
		.readFileSync(server.logFile, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a constraint error inside a push', () => {
	it('rejects only its mutation: the rest applies, the outbox moves past it, and a replay is all duplicates (the refused one says so)', async () => {
		await refuseBoom();
		const before = await version();
		const mutations = device.number([rename(subs[0]!, 'one'), rename(subs[1]!, 'boom'), rename(subs[2]!, 'three')]);

		const res = await device.push(mutations);

		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			lastMutationId: 6,
			results: [
				{ id: 4, status: 'applied' },
				{ id: 5, status: 'rejected', code: 'conflict', message: expect.stringContaining('not applied') },
				{ id: 6, status: 'applied' }
			]
		});
		expect(await pulledTitles()).toEqual({ [subs[0]!]: 'one', [subs[1]!]: null, [subs[2]!]: 'three' });
		// The rolled-back first attempt's version is gone with it: the push took one, as any push does.
		expect(await version()).toBe(before + 1);

		const replay = await device.push(mutations);
		expect(replay.body).toEqual({
			lastMutationId: 6,
			results: [
				{ id: 4, status: 'duplicate' },
				{
					id: 5,
					status: 'duplicate',
					firstStatus: 'rejected',
					code: 'conflict',
					message: expect.stringContaining('not applied')
				},
				{ id: 6, status: 'duplicate' }
			]
		});
		expect(await version()).toBe(before + 1);
	});

	it('logs a warning naming the mutation, never its arguments', async () => {
		await refuseBoom();
		await device.send(rename(subs[1]!, 'boom'));

		await server.logged();
		const warnings = logLines().filter((l) => l.level === 40);
		expect(warnings).toEqual([
			expect.objectContaining({ mutationId: 4, mutation: 'subscription.update', clientId: device.clientId })
		]);
		expect(JSON.stringify(warnings)).not.toContain('boom');
		expect(JSON.stringify(warnings)).not.toContain(subs[1]!);
	});

	it('lets the device go on: its next push applies', async () => {
		await refuseBoom();
		await device.send(rename(subs[1]!, 'boom'));
		const next = await device.send(rename(subs[1]!, 'fine'));
		expect(next).toEqual({ lastMutationId: 5, results: [{ id: 5, status: 'applied' }] });
		expect((await pulledTitles())[subs[1]!]).toBe('fine');
	});

	it('still answers a create that fails its constraint with conflict, as when the push has no other poison', async () => {
		await refuseBoom();
		await refuseWrite('INSERT', 'folders', 'name', 'taken');
		const res = await device.send(
			{ name: 'folder.create', args: { folderId: newId(), name: 'taken', orderKey: 'a0' } },
			rename(subs[1]!, 'boom'),
			{ name: 'folder.create', args: { folderId: newId(), name: 'kept', orderKey: 'a1' } }
		);
		expect(res.results).toEqual([
			{ id: 4, status: 'rejected', code: 'conflict', message: 'this id is already taken' },
			expect.objectContaining({ id: 5, status: 'rejected', code: 'conflict' }),
			{ id: 6, status: 'applied' }
		]);
		expect(await column(server.store, 'SELECT name FROM folders')).toEqual(['kept']);
	});

	// SQLite's RAISE(ROLLBACK) ends the transaction from inside a trigger; a PostgreSQL trigger cannot.
	it.skipIf(testBackend === 'postgres')(
		'a constraint error that ends the whole transaction still fails the push and writes nothing',
		async () => {
			server.db.exec(
				"CREATE TRIGGER poison BEFORE UPDATE ON subscriptions WHEN NEW.title = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'boom'); END"
			);
			await expectFailedPushWritesNothing();
		}
	);

	it('an error that is not a constraint error still fails the push and writes nothing', async () => {
		await refuseBoom('other');
		await expectFailedPushWritesNothing();
	});
});

/** Three renames, the second refused by a trigger that is not the savepoint's to handle: a 500, nothing written. */
async function expectFailedPushWritesNothing(): Promise<void> {
	const before = await version();
	const res = await device.push(
		device.number([rename(subs[0]!, 'one'), rename(subs[1]!, 'boom'), rename(subs[2]!, 'three')])
	);
	expect(res.status).toBe(500);
	expect(await pulledTitles()).toEqual({ [subs[0]!]: null, [subs[1]!]: null, [subs[2]!]: null });
	const lastMutationId = 'SELECT last_mutation_id FROM sync_clients WHERE client_id = ?';
	expect(await value(server.store, lastMutationId, [device.clientId])).toBe(3);
	expect(await version()).toBe(before);
}
