import { createHook } from 'node:async_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONCURRENT_HASHES } from '../../server/auth/passwords';
import { PASSWORD, setupAdmin, signupUser } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Issue 16, item 2: an anonymous caller must not make the server burn its CPU and thread pool on password hashes.
 * Hashes are watched from outside the code: every scrypt job Node starts is an async resource of type
 * SCRYPTREQUEST, seen here from its creation until its callback runs. At the real cost: with the suite's cheap
 * hashes, twelve would rarely overlap and the limit would go untested.
 */
function watchHashes() {
	const running = new Set<number>();
	const seen = { started: 0, peak: 0 };
	const hook = createHook({
		init(id, type) {
			if (type !== 'SCRYPTREQUEST') return;
			running.add(id);
			seen.started += 1;
			seen.peak = Math.max(seen.peak, running.size);
		},
		before(id) {
			running.delete(id);
		}
	}).enable();
	return { seen, stop: () => hook.disable() };
}

describe('password hashing under load', () => {
	let server: TestServer;
	let watch: ReturnType<typeof watchHashes> | undefined;

	beforeAll(async () => {
		vi.stubEnv('TEST_FAST_PASSWORD_HASHES', 'false');
		server = await startTestServer();
		await setupAdmin(server);
	});
	afterAll(async () => {
		await server.close();
		vi.unstubAllEnvs();
	});
	afterEach(() => watch?.stop());

	it('refuses setup on a server already set up without hashing anything', async () => {
		watch = watchHashes();
		const answers = await Promise.all(
			Array.from({ length: 60 }, (_, i) =>
				call(server.url, 'POST', '/api/setup', { body: { username: `late-${i}`, password: PASSWORD } })
			)
		);
		expect(answers.map((a) => a.status)).toEqual(answers.map(() => 409));
		expect(watch.seen.started).toBe(0);
	});

	it(`runs at most ${CONCURRENT_HASHES} hashes at once, the others queue`, async () => {
		await signupUser(server, 'someone');
		watch = watchHashes();
		const answers = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				call(server.url, 'POST', '/api/auth/login', { body: { username: 'someone', password: `wrong-password-${i}` } })
			)
		);
		expect(answers.map((a) => a.status)).toEqual(answers.map(() => 401));
		expect(watch.seen.started).toBeGreaterThanOrEqual(12);
		expect(watch.seen.peak).toBeLessThanOrEqual(CONCURRENT_HASHES);
	});
});

describe('rate limits on the endpoints that hash or check a password', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer({ rateLimits: { accountCreationPerIp: 5, passwordChecksPerUser: 3 } });
	});
	afterAll(() => server.close());

	it('limits setup and sign-up attempts per client address', async () => {
		await setupAdmin(server);
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) {
			const path = i % 2 ? '/api/auth/signup' : '/api/setup';
			statuses.push((await call(server.url, 'POST', path, { body: { username: `u${i}`, password: PASSWORD } })).status);
		}
		// Setup counted once already; sign-up is closed (403) and setup is done (409) until the limit answers.
		expect(statuses).toEqual([409, 403, 409, 403, 429, 429, 429]);
	});

	it('limits guesses of the current password with a signed-in token', async () => {
		const login = await call(server.url, 'POST', '/api/auth/login', {
			body: { username: 'admin', password: PASSWORD }
		});
		const token = login.body.token as string;
		const change = (currentPassword: string) =>
			call(server.url, 'POST', '/api/auth/password', {
				token,
				body: { currentPassword, newPassword: 'a brand new password' }
			});
		for (let i = 0; i < 3; i++) expect((await change(`guess-${i}`)).status).toBe(401);
		const refused = await change('guess-final');
		expect(refused.status).toBe(429);
		expect(refused.body.error.code).toBe('rate_limited');
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		// Account deletion checks the same password and shares the count.
		const deletion = await call(server.url, 'DELETE', '/api/auth/me', { token, body: { password: 'guess-more' } });
		expect(deletion.status).toBe(429);
	});
});
