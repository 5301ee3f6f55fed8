import { randomUUID } from 'node:crypto';
import { generateNKeysBetween } from 'fractional-indexing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgStore } from '../../../server/db/pg/pg-store';
import { call } from '../../support/http';
import { setupAdmin } from '../../support/accounts';
import { holdWriteLock } from '../../support/lock-holder';
import { startTestServer, testBackend, type TestServer } from '../../support/test-server';

const HOUR = 60 * 60 * 1000;

/**
 * Another process writing: on SQLite it holds the file's write lock; on PostgreSQL another connection holds the
 * rows every request here needs, the change counter's (each push) and the session's (its sliding expiry), in a
 * transaction it commits after `ms`.
 */
async function anotherWriterFor(server: TestServer, ms: number): Promise<Promise<void>> {
	if (testBackend === 'sqlite') {
		return (await holdWriteLock(server.deps.config.databasePath, { releaseAfterMs: ms })).released;
	}
	const client = new pg.Client({ connectionString: server.deps.config.DATABASE_URL });
	await client.connect();
	await client.query('BEGIN');
	await client.query('SELECT value FROM sync_seq FOR UPDATE');
	await client.query('SELECT id FROM sessions FOR UPDATE');
	return new Promise<void>((resolve) => setTimeout(resolve, ms)).then(async () => {
		await client.query('COMMIT');
		await client.end();
	});
}

/**
 * The predecessor's bug: parallel writes met SQLITE_BUSY, the server answered 401 and the app signed its user out.
 * Here the 100 requests really meet a busy database: another process holds the locks they need when they arrive
 * and lets go a moment later, and the session is due for its sliding expiry (a write in the sign-in check itself).
 * Waiting for the lock (busy_timeout; PostgreSQL's row locks) and writing only in BEGIN IMMEDIATE transactions must
 * turn that contention into a short wait: every answer 200, every write kept, nobody signed out.
 */
describe('100 concurrent authenticated requests on a database another process is writing', () => {
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
		const released = await anotherWriterFor(server, 300);
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
		await released;

		expect(answers.filter((r) => r.status !== 200).map((r) => [r.status, r.body])).toEqual([]);
		const results = answers.filter((_, i) => i % 2 === 0).map((r) => r.body.results[0].status);
		expect(results).toEqual(folderIds.map(() => 'applied'));
		const stored = await server.store.all<{ id: string }>('SELECT id FROM folders ORDER BY id');
		expect(stored.map((row) => row.id)).toEqual([...folderIds].sort());
		expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
	});

	// SQLite has one connection and no pool to run out of.
	it.skipIf(testBackend !== 'postgres')(
		'answers 503 with Retry-After, never 401, while every pooled connection is taken, and 200 after',
		async () => {
			const store = server.store as PgStore;
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			let started = 0;
			const holding = Array.from({ length: store.pool.options.max }, () =>
				store.transaction(async () => {
					started++;
					await gate;
				})
			);
			await expect.poll(() => started).toBe(store.pool.options.max);
			try {
				const me = await call(server.url, 'GET', '/api/auth/me', { token });
				expect(me.status).toBe(503);
				expect(me.body.error.code).toBe('unavailable');
				expect(Number(me.headers.get('retry-after'))).toBeGreaterThan(0);
			} finally {
				release();
				await Promise.all(holding);
			}
			expect((await call(server.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
		}
	);
});
