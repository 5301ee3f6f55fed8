import { afterAll, beforeAll, expect, it } from 'vitest';
import { subscribe } from '../../../src/lib/actions';
import { openUserDb } from '../../../src/lib/db/database';
import { ensureClientId } from '../../../src/lib/db/meta';
import type { PullResponse } from '#shared/sync';
import { applyPullPage } from '../../../src/lib/sync/apply-pull';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { addEntries, Device, login } from './devices';

/**
 * A new device's first sync of 10,000 entries. It checks that every entry arrives; the times are printed for the
 * report, never asserted (they depend on the machine; fake-indexeddb in Node is much slower than a browser).
 */
const FEED = 'https://feeds.example.test/big.xml';
const COUNT = 10_000;
let server: TestServer;

beforeAll(async () => {
	server = await startTestServer();
	await setupAdmin(server, 'admin');
	const first = new Device(server);
	await first.session.signIn(await login(server, 'admin'));
	await subscribe(first.db, FEED, null);
	await first.sync();
	await addEntries(server, FEED, COUNT, 1000);
}, 120_000);

afterAll(async () => {
	await server.close();
});

it('a new device pulls 10,000 entries', { timeout: 300_000 }, async () => {
	const device = new Device(server);
	await device.session.signIn(await login(server, 'admin'));
	const started = performance.now();
	expect(await device.sync()).toBe('synced');
	const total = performance.now() - started;
	expect(await device.db.entries.count()).toBe(COUNT);

	// The Dexie part alone: the same pages fetched first, then applied into an empty database.
	const session = await login(server, 'admin');
	const pages: PullResponse[] = [];
	let cookie: string | null = null;
	const clientId = 'measure-client-1';
	for (;;) {
		const res: { body: PullResponse } = await call<PullResponse>(server.url, 'POST', '/api/sync/pull', {
			token: session.token,
			body: { protocolVersion: 1, clientId, cookie }
		});
		pages.push(res.body);
		cookie = res.body.cookie;
		if (!res.body.hasMore) break;
	}
	const db = await openUserDb(session.user.id, { ...new Device(server).dbOptions });
	await ensureClientId(db);
	const applyStarted = performance.now();
	for (const page of pages) await applyPullPage(db, page);
	const apply = performance.now() - applyStarted;
	expect(await db.entries.count()).toBe(COUNT);
	console.log(
		`initial pull of ${COUNT} entries (fake-indexeddb, Node): whole sync ${Math.round(total)} ms, ` +
			`Dexie apply of ${pages.length} pages ${Math.round(apply)} ms`
	);
});
