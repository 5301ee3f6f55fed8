import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore, type PgStore } from '../../server/db/pg/pg-store';
import { SqliteStore } from '../../server/db/sqlite-store';
import { SERVER_MAIN } from '../../scripts/build-server.mjs';
import { createFolder, renameSubscription, setRead, setStarred, subscribe } from '../../src/lib/actions';
import { getMeta } from '../../src/lib/db/meta';
import type { SessionResponse } from '#shared/api';
import type { PullResponse, PushResponse } from '#shared/sync';
import { PASSWORD } from '../support/accounts';
import { call } from '../support/http';
import { freshPostgresDatabase } from '../support/postgres-database';
import { makeDataDir } from '../support/test-server';
import { canonicalJson, deviceState, serverCanonicalState } from './support/canonical-state';
import { Device } from './support/device';
import { freePort, RestartableServer } from './support/restartable-server';
import { addEntries, openServerDatabase } from './support/server-state';
import { TrafficWatch, type InFlightRequest } from './support/traffic-watch';

const CLI = path.join(path.dirname(SERVER_MAIN), 'cli.js');
const FEED = 'http://127.0.0.1:9/moving.xml';

interface Exchange {
	request: InFlightRequest;
	answer: unknown;
}

/**
 * Issue 19, moving over: a server on SQLite, two devices of one person syncing through the real sync engine; the
 * server stops with one push committed but its answer lost, `node dist/cli.js migrate-to-postgres` copies the
 * database into an empty PostgreSQL one, and the server starts again on it at the same address. The devices go on
 * where they were: same client ids, cookies, sessions and mutation ids; the lost push is recognised as already
 * applied; no pull asks for a reset; each sees the other's changes made after the move.
 */
describe('moving a server from SQLite to PostgreSQL with migrate-to-postgres', () => {
	const watch = new TrafficWatch();
	const exchanges: Exchange[] = [];
	let dataDir: string;
	let server: RestartableServer;
	let laptop: Device;
	let phone: Device;
	let entryIds: number[];
	let databaseUrl: string;
	let moved: PgStore;
	let beforeMove: { clientId: string; cookie: string | null; lastMutationId: number };
	let loseLaptopPushAnswer = false;

	/** The answers the server sent a device after the move, to one sync endpoint. */
	const answersAfterMove = <T>(device: Device, endpoint: 'push' | 'pull', from: number) =>
		exchanges
			.slice(from)
			.filter((e) => e.request.device === device.label && e.request.path === `/api/sync/${endpoint}`)
			.map((e) => ({ body: e.request.body as Record<string, unknown>, answer: e.answer as T }));

	beforeAll(async () => {
		dataDir = makeDataDir();
		server = new RestartableServer({ DATA_DIR: dataDir }, await freePort());
		await server.start();
		const setup = await call<SessionResponse>(server.url, 'POST', '/api/setup', {
			body: { username: 'pat', password: PASSWORD }
		});
		const login = await call<SessionResponse>(server.url, 'POST', '/api/auth/login', {
			body: { username: 'pat', password: PASSWORD }
		});
		laptop = new Device('laptop', server.url, watch.fetchFor('laptop'));
		phone = new Device('phone', server.url, watch.fetchFor('phone'));
		await laptop.signIn(setup.body);
		await phone.signIn(login.body);
		watch.onAnswer = async (request, answer) => {
			exchanges.push({ request, answer: JSON.parse(answer) as unknown });
			return loseLaptopPushAnswer && request.device === 'laptop' && request.path.endsWith('/sync/push');
		};
		databaseUrl = await freshPostgresDatabase('moved');
		moved = openPgStore(databaseUrl);
	});

	afterAll(async () => {
		for (const device of [laptop, phone]) device?.session.snapshot.engine?.stop();
		await moved?.close();
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('before the move: the laptop subscribes, reads and stars; its last push commits, its answer is lost', async () => {
		await subscribe(laptop.db, FEED, null);
		expect(await laptop.sync()).toBe('synced');
		// A feed refresh, as the server's own would store it: a second connection to the SQLite file.
		const sqlite = new SqliteStore(openServerDatabase(path.join(dataDir, 'tidings.db')));
		entryIds = await addEntries(sqlite, FEED, 4, 'moving');
		await sqlite.close();
		expect(await laptop.sync()).toBe('synced');
		expect(await phone.sync()).toBe('synced');
		await setRead(laptop.db, [entryIds[0]!], true);
		await setStarred(laptop.db, entryIds[1]!, true);
		expect(await laptop.sync()).toBe('synced');

		const subscriptionId = (await laptop.db.subscriptions.toArray())[0]!.id;
		await renameSubscription(laptop.db, subscriptionId, 'Renamed before the move');
		loseLaptopPushAnswer = true;
		expect(await laptop.sync()).toBe('failed');
		loseLaptopPushAnswer = false;
		expect(await laptop.pending()).toBe(1);
		beforeMove = {
			clientId: (await getMeta(laptop.db, 'clientId'))!,
			cookie: (await getMeta(laptop.db, 'cookie'))!,
			lastMutationId: (await getMeta(laptop.db, 'lastMutationId'))!
		};
		expect(beforeMove.lastMutationId).toBe(4);
	});

	it('copies the stopped server’s database into PostgreSQL with the CLI', async () => {
		await server.stop();
		const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'migrate-to-postgres'], {
			env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }
		});
		expect(stdout).toMatch(/done: \d+ rows in \d+ tables, every count checked/);
		await server.start({ DATABASE_URL: databaseUrl });
	});

	it('the laptop resends its lost push: the server knows it as applied, and applies nothing twice', async () => {
		const from = exchanges.length;
		expect(await laptop.sync()).toBe('synced');
		const [retry] = answersAfterMove<PushResponse>(laptop, 'push', from);
		expect(retry!.body.clientId).toBe(beforeMove.clientId);
		expect(retry!.answer.results).toEqual([{ id: 4, status: 'duplicate' }]);
		expect(await laptop.pending()).toBe(0);
		const [pull] = answersAfterMove<PullResponse>(laptop, 'pull', from);
		expect(pull!.body.cookie, 'the pull goes on from the cookie it had').toBe(beforeMove.cookie);
		expect(pull!.answer.reset).toBe(false);
		const stored = await moved.get<{ last_mutation_id: number }>(
			'SELECT last_mutation_id FROM sync_clients WHERE client_id = ?',
			[beforeMove.clientId]
		);
		expect(stored).toEqual({ last_mutation_id: 4 });
	});

	it('both devices go on syncing without a reset and see each other’s changes made after the move', async () => {
		const from = exchanges.length;
		await setStarred(laptop.db, entryIds[2]!, true);
		await createFolder(laptop.db, 'Made on PostgreSQL');
		expect(await laptop.sync()).toBe('synced');
		// The phone's session was made on SQLite: it still signs its requests.
		expect(await phone.sync()).toBe('synced');
		await setRead(phone.db, [entryIds[1]!, entryIds[3]!], true);
		expect(await phone.sync()).toBe('synced');
		expect(await laptop.sync()).toBe('synced');

		const pushes = answersAfterMove<PushResponse>(laptop, 'push', from);
		expect(pushes.flatMap((p) => p.answer.results)).toEqual([
			{ id: 5, status: 'applied' },
			{ id: 6, status: 'applied' }
		]);
		const pulls = [...answersAfterMove<PullResponse>(laptop, 'pull', from), ...answersAfterMove(phone, 'pull', from)];
		expect(pulls.map((p) => (p.answer as PullResponse).reset)).toEqual(pulls.map(() => false));
		expect(phone.token).not.toBeNull();
		expect(laptop.token).not.toBeNull();

		const userId = (await moved.get<{ id: number }>(`SELECT id FROM users WHERE username = 'pat'`))!.id;
		const expected = canonicalJson(await serverCanonicalState(moved, userId));
		expect(expected).toContain('Made on PostgreSQL');
		expect(expected).toContain('Renamed before the move');
		expect(canonicalJson(await deviceState(laptop.db)), 'the laptop').toBe(expected);
		expect(canonicalJson(await deviceState(phone.db)), 'the phone').toBe(expected);
		const entries = (await deviceState(laptop.db)).entries;
		expect(entries).toEqual([
			{ id: entryIds[0], read: true, starred: false },
			{ id: entryIds[1], read: true, starred: true },
			{ id: entryIds[2], read: false, starred: true },
			{ id: entryIds[3], read: true, starred: false }
		]);
	});
});
