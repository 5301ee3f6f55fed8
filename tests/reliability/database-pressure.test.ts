import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { updateServerSettings } from '../../server/admin/settings-repo';
import { errorBodySchema } from '#shared/api';
import { PASSWORD, setupAdmin, signupUser } from '../support/accounts';
import { call, type JsonResponse } from '../support/http';
import { holdWriteLock } from '../support/lock-holder';
import { startTestServer, type TestServer } from '../support/test-server';
import { integrityCheck } from './support/db-snapshot';
import { expectHandled } from './support/responses';
import { mountSmallFilesystem } from './support/small-filesystem';

/**
 * Issue 8, item 3: the database cannot write (another process holds the lock, the disk is full, the file is
 * read-only). Every answer is a 503 with Retry-After or a success, never a 401 and never a 500; nothing is
 * corrupted; and the service resumes by itself when the fault clears.
 */
interface Fixture {
	server: TestServer;
	adminToken: string;
	userToken: string;
}

async function makeFixture(env: Record<string, string> = {}): Promise<Fixture> {
	const server = await startTestServer({ env: { DB_BUSY_TIMEOUT_MS: '200', ...env } });
	const adminToken = (await setupAdmin(server)).token;
	const userToken = (await signupUser(server, 'reader')).token;
	await updateServerSettings(server.store, { signupEnabled: true });
	return { server, adminToken, userToken };
}

let serial = 0;
/** One of each kind of write the API has. Each is new (a fresh name or id), so a success is visible after. */
function writes(f: Fixture): Promise<JsonResponse>[] {
	serial += 1;
	const { url } = f.server;
	return [
		call(url, 'PATCH', '/api/admin/settings', { token: f.adminToken, body: { retentionDays: 100 + serial } }),
		call(url, 'POST', '/api/auth/login', { body: { username: 'reader', password: PASSWORD } }),
		call(url, 'POST', '/api/auth/signup', { body: { username: `newcomer-${serial}`, password: PASSWORD } }),
		call(url, 'POST', '/api/sync/push', {
			token: f.userToken,
			body: {
				protocolVersion: 1,
				clientId: `pressure-client-${serial}`,
				mutations: [{ id: 1, name: 'folder.create', args: { folderId: randomUUID(), name: 'News', orderKey: 'a0' } }]
			}
		})
	];
}

function reads(f: Fixture): Promise<JsonResponse>[] {
	const { url } = f.server;
	return [
		call(url, 'GET', '/api/auth/me', { token: f.userToken }),
		call(url, 'GET', '/api/auth/me', { token: f.adminToken }),
		call(url, 'GET', '/api/admin/settings', { token: f.adminToken }),
		call(url, 'GET', '/api/setup/status'),
		call(url, 'GET', '/api/health')
	];
}

function expectNeverSignedOut(responses: JsonResponse[]): void {
	for (const res of responses) {
		expect(res.status, JSON.stringify(res.body)).not.toBe(401);
		expectHandled(res);
	}
}

/**
 * Under the fault: writes get 503 (all of them unless `someWritesFit`: then each is a 503 or a success), reads are
 * never a 401.
 */
async function expectUnavailableForWrites(
	f: Fixture,
	options: { readsSucceed: boolean; someWritesFit?: boolean }
): Promise<void> {
	const writeResults = await Promise.all(writes(f));
	const readResults = await Promise.all(reads(f));
	expectNeverSignedOut([...writeResults, ...readResults]);
	const failed = writeResults.filter((r) => r.status === 503);
	if (options.someWritesFit) {
		for (const res of writeResults) expect([200, 201, 503]).toContain(res.status);
	} else {
		expect(writeResults.map((r) => r.status)).toEqual([503, 503, 503, 503]);
	}
	for (const res of failed) expect(errorBodySchema.parse(res.body).error.code).toBe('unavailable');
	if (options.readsSucceed) expect(readResults.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
	// A failed sign-up left nothing behind; a successful one made exactly one account.
	const newcomer = f.server.db.prepare('SELECT count(*) FROM users WHERE username = ?').pluck();
	expect(newcomer.get(`newcomer-${serial}`)).toBe(writeResults[2]!.status === 201 ? 1 : 0);
}

async function expectResumed(f: Fixture): Promise<void> {
	const results = await Promise.all(writes(f));
	expect(results.map((r) => r.status)).toEqual([200, 200, 201, 200]);
	expect((await Promise.all(reads(f))).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
	expect(integrityCheck(f.server.db)).toBe('ok');
}

let bigPushes = 0;
/** A push of 200 new folders with long names: tens of kilobytes, so the database must grow. */
function bigPush(f: Fixture): Promise<JsonResponse> {
	bigPushes += 1;
	const mutations = Array.from({ length: 200 }, (_, i) => ({
		id: i + 1,
		name: 'folder.create',
		args: { folderId: randomUUID(), name: `folder ${i} `.padEnd(200, 'x'), orderKey: 'a0' }
	}));
	return call(f.server.url, 'POST', '/api/sync/push', {
		token: f.userToken,
		body: { protocolVersion: 1, clientId: `big-push-client-${bigPushes}`, mutations }
	});
}

/** Repeats a small write until the fault shows (a full disk only bites when a write needs a new block). */
async function writeUntilUnavailable(f: Fixture, write: () => Promise<JsonResponse>, limit: number): Promise<number> {
	for (let attempt = 1; attempt <= limit; attempt++) {
		const res = await write();
		expectNeverSignedOut([res]);
		if (res.status === 503) return attempt;
	}
	throw new Error(`no 503 after ${limit} writes`);
}

describe('database pressure', () => {
	const cleanups: (() => unknown)[] = [];
	afterAll(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup();
	});

	it('another process holds the write lock past the busy timeout: 503, then resumes', async () => {
		const f = await makeFixture();
		cleanups.push(() => f.server.close());
		const lock = await holdWriteLock(f.server.deps.config.databasePath);
		try {
			await expectUnavailableForWrites(f, { readsSucceed: true });
		} finally {
			await lock.release();
		}
		await expectResumed(f);
	});

	it('the database reaches its size limit (SQLITE_FULL): 503, then resumes when raised', async () => {
		const f = await makeFixture();
		cleanups.push(() => f.server.close());
		const pages = f.server.db.pragma('page_count', { simple: true }) as number;
		f.server.db.pragma(`max_page_count = ${pages}`);
		const attempts = await writeUntilUnavailable(f, () => bigPush(f), 300);
		expectNeverSignedOut(await Promise.all([...writes(f), ...reads(f)]));
		expect(integrityCheck(f.server.db)).toBe('ok');
		f.server.db.pragma('max_page_count = 1073741823');
		await expectResumed(f);
		expect(attempts).toBeGreaterThan(0);
	});

	it('the connection becomes read-only (SQLITE_READONLY): 503, then resumes', async () => {
		const f = await makeFixture();
		cleanups.push(() => f.server.close());
		f.server.db.pragma('query_only = ON');
		try {
			await expectUnavailableForWrites(f, { readsSucceed: true });
		} finally {
			f.server.db.pragma('query_only = OFF');
		}
		await expectResumed(f);
	});

	const smallFs = mountSmallFilesystem(8);
	if (smallFs) cleanups.push(() => smallFs.unmount());

	it.skipIf(!smallFs)(
		'the file system is full (a real 8 MiB tmpfs): 503, then resumes when space is freed',
		async () => {
			const f = await makeFixture({ DATA_DIR: smallFs!.dir });
			cleanups.push(() => f.server.close());
			smallFs!.fill();
			try {
				// Pushes big enough that the database file must grow: small writes can be reused in the WAL's existing
				// space for as long as the checkpointer catches up between them (on a loaded machine, always).
				await writeUntilUnavailable(f, () => bigPush(f), 300);
				// A write that fits in the WAL file's existing space can still succeed: the checkpointer thread copies
				// the WAL into the database file behind the server, and the next write then starts the WAL over.
				await expectUnavailableForWrites(f, { readsSucceed: true, someWritesFit: true });
			} finally {
				smallFs!.free();
			}
			await expectResumed(f);
		}
	);
});
