import { randomUUID } from 'node:crypto';
import type { SessionResponse } from '#shared/api';
import { call } from '../../tests/support/http';

export const BENCH_PASSWORD = 'bench password 1';

async function expectStatus<T>(promise: Promise<{ status: number; body: T }>, status: number, what: string) {
	const res = await promise;
	if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}

/** The first account, through the real setup endpoint. */
export function createAdmin(url: string): Promise<SessionResponse> {
	return expectStatus(
		call<SessionResponse>(url, 'POST', '/api/setup', { body: { username: 'admin', password: BENCH_PASSWORD } }),
		201,
		'setup'
	);
}

/** n more accounts through the real sign-up endpoint, opened by the admin first. */
export async function createUsers(url: string, admin: SessionResponse, n: number): Promise<SessionResponse[]> {
	await expectStatus(
		call(url, 'PATCH', '/api/admin/settings', { token: admin.token, body: { signupEnabled: true } }),
		200,
		'open sign-up'
	);
	const users: SessionResponse[] = [];
	for (let i = 0; i < n; i += 1) {
		const body = { username: `reader${i}-${randomUUID().slice(0, 8)}`, password: BENCH_PASSWORD };
		users.push(await expectStatus(call<SessionResponse>(url, 'POST', '/api/auth/signup', { body }), 201, 'sign-up'));
	}
	return users;
}
