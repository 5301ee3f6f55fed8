import { randomUUID } from 'node:crypto';
import { generateNKeysBetween } from 'fractional-indexing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { setupAdmin } from '../../support/accounts';
import { holdWriteLock } from '../../support/lock-holder';
import { startTestServer, type TestServer } from '../../support/test-server';

const HOUR = 60 * 60 * 1000;

/**
 * The predecessor's bug: parallel writes met SQLITE_BUSY, the server answered 401 and the app signed its user out.
 * Here the 100 requests really meet a busy database: another process holds the write lock when they arrive and
 * lets go a moment later, and the session is due for its sliding expiry (a write in the sign-in check itself).
 * Waiting for the lock (busy_timeout) and writing only in BEGIN IMMEDIATE transactions must turn that contention
 * into a short wait: every answer 200, every write kept, nobody signed out.
 */
describe('100 concurrent authenticated requests on a database file another process is writing', () => {
	let server: TestServer;
	let token: string;
	const clock = { now: Date.now() };
	beforeAll(async () => {
		server = await startTestServer({ now: () => clock.now });
		token = (await setupAdmin(server)).token;
	});
	afterAll(() => server.close());

	it('answers every read and write with 200, keeps every write, and never answers 401', async () => {
		clock.now += 2 * HOUR;
		// Well inside the server's busy timeout (1 s), and long enough for the requests to arrive while it is held.
		const lock = await holdWriteLock(server.deps.config.databasePath, { releaseAfterMs: 300 });
		const folderIds = Array.from({ length: 50 }, () => randomUUID());
		const orderKeys = generateNKeysBetween(null, null, 50);
		const requests = Array.from({ length: 100 }, (_, i) =>
			i % 2 === 0
				? call(server.url, 'POST', '/api/sync/push', {
						token,
						body: {
							protocolVersion: 1,
							clientId: `device-${i}`,
							mutations: [
								{
									id: 1,
									name: 'folder.create',
									args: { folderId: folderIds[i / 2], name: `Folder ${i}`, orderKey: orderKeys[i / 2] }
								}
							]
						}
					})
				: call(server.url, 'GET', '/api/auth/me', { token })
		);
		const answers = await Promise.all(requests);
		await lock.released;

		expect(answers.filter((r) => r.status !== 200).map((r) => [r.status, r.body])).toEqual([]);
		const results = answers.filter((_, i) => i % 2 === 0).map((r) => r.body.results[0].status);
		expect(results).toEqual(folderIds.map(() => 'applied'));
		const stored = server.db.prepare('SELECT id FROM folders ORDER BY id').pluck().all();
		expect(stored).toEqual([...folderIds].sort());
		expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
	});
});
