import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, setupAdmin, signupUser } from '../support/accounts';
import { call } from '../support/http';
import { startTestServer, type TestServer } from '../support/test-server';
import { integrityCheck } from './support/db-snapshot';
import {
	bodyVariants,
	encodeSegment,
	maybe,
	nastyString,
	pathSegment,
	sendChecked,
	type FuzzRequest
} from './support/fuzz';
import { secretsFoundInLogs } from './support/log-scan';
import { fcParams } from './support/soak';

/** Issue 8, item 4 (accounts and admin): generated bodies and parameters never break the contract. */
describe('fuzzing the account and admin endpoints', () => {
	let server: TestServer;
	let adminToken: string;
	let adminId: number;
	let userToken: string;
	const victims: number[] = [];

	beforeAll(async () => {
		server = await startTestServer();
		const admin = await setupAdmin(server);
		adminToken = admin.token;
		adminId = admin.user.id;
		userToken = (await signupUser(server, 'fuzz-user')).token;
		for (const name of ['victim-a', 'victim-b']) victims.push((await signupUser(server, name)).user.id);
	});
	afterAll(() => server.close());

	const credentials = fc.record(
		{
			username: maybe(fc.stringMatching(/^[a-z0-9._-]{1,20}$/)),
			password: maybe(fc.string({ minLength: 8, maxLength: 30 }))
		},
		{ requiredKeys: [] }
	);

	it('setup, sign-up and login', async () => {
		const request = fc
			.tuple(fc.constantFrom('/api/setup', '/api/auth/signup', '/api/auth/login'), bodyVariants(credentials))
			.map(([path, body]): FuzzRequest => ({ method: 'POST', path, ...body }));
		await fc.assert(
			fc.asyncProperty(request, async (req) => {
				const res = await sendChecked(server, undefined, req);
				if (req.path === '/api/setup') expect(res.status).not.toBe(201);
			}),
			fcParams(100, 3000)
		);
	});

	it('password change', async () => {
		const body = fc.record(
			{
				currentPassword: maybe(fc.string({ maxLength: 20 })),
				newPassword: maybe(fc.string({ minLength: 8, maxLength: 30 }))
			},
			{ requiredKeys: [] }
		);
		const request = bodyVariants(body).map((b): FuzzRequest => ({ method: 'POST', path: '/api/auth/password', ...b }));
		await fc.assert(
			fc.asyncProperty(request, (req) => sendChecked(server, userToken, req).then(() => undefined)),
			fcParams(50, 2000)
		);
		expect((await call(server.url, 'GET', '/api/auth/me', { token: userToken })).status).toBe(200);
	});

	it('admin settings and users, with any ids but the admin’s own', async () => {
		const userId = pathSegment(
			fc.constantFrom(...victims.map(String)),
			fc.integer({ min: -5, max: 1e12 }).map(String),
			fc.string({ maxLength: 8 })
		).filter((s) => Number(decodeURIComponentSafe(s)) !== adminId);
		const settings = fc.record(
			{ signupEnabled: maybe(fc.boolean()), retentionDays: maybe(fc.integer({ min: -10, max: 40000 })) },
			{ requiredKeys: [] }
		);
		const request = fc.oneof(
			bodyVariants(settings).map((b): FuzzRequest => ({ method: 'PATCH', path: '/api/admin/settings', ...b })),
			fc
				.tuple(userId, bodyVariants(fc.record({ disabled: maybe(fc.boolean()) }, { requiredKeys: [] })))
				.map(([id, b]): FuzzRequest => ({ method: 'PATCH', path: `/api/admin/users/${id}`, ...b })),
			fc
				.tuple(userId, bodyVariants(fc.record({ password: maybe(fc.string({ minLength: 8, maxLength: 20 })) })))
				.map(([id, b]): FuzzRequest => ({ method: 'POST', path: `/api/admin/users/${id}/password`, ...b })),
			userId.map((id): FuzzRequest => ({ method: 'DELETE', path: `/api/admin/users/${id}` })),
			nastyString.map((s): FuzzRequest => ({ method: 'GET', path: `/api/admin/${encodeSegment(s)}` }))
		);
		await fc.assert(
			fc.asyncProperty(request, (req) => sendChecked(server, adminToken, req).then(() => undefined)),
			fcParams(200, 4000)
		);
		expect((await call(server.url, 'GET', '/api/auth/me', { token: adminToken })).body.user.isAdmin).toBe(true);
	});

	it('leaves a sound database and no secret in the log', async () => {
		expect(integrityCheck(server.db)).toBe('ok');
		await server.logged();
		expect(secretsFoundInLogs([{ file: server.logFile }], [PASSWORD, adminToken, userToken])).toEqual([]);
	});
});

function decodeURIComponentSafe(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}
