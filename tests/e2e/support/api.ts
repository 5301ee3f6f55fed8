import type { SessionResponse } from '#shared/api';
import { call } from '../../support/http';

export const PASSWORD = 'correct horse battery';

/** Test set-up through the real API, for what a scenario does not itself show in the UI. */
export async function apiSetupAdmin(url: string, username = 'admin'): Promise<SessionResponse> {
	return expectSession(await call(url, 'POST', '/api/setup', { body: { username, password: PASSWORD } }), 'setup');
}

/** Opens sign-up with the admin's token, then signs the user up. */
export async function apiSignup(url: string, adminToken: string, username: string): Promise<SessionResponse> {
	const open = await call(url, 'PATCH', '/api/admin/settings', { token: adminToken, body: { signupEnabled: true } });
	if (open.status !== 200) throw new Error(`opening sign-up failed: ${open.status} ${JSON.stringify(open.body)}`);
	return expectSession(
		await call(url, 'POST', '/api/auth/signup', { body: { username, password: PASSWORD } }),
		'signup'
	);
}

export async function setPushFault(url: string, count: number, pushStatus = 503): Promise<void> {
	const res = await call(url, 'POST', '/api/__test/faults', { body: { pushStatus, count, retryAfterSeconds: 1 } });
	if (res.status !== 200) throw new Error(`the fault switch answered ${res.status}: is TEST_FAULTS on?`);
}

export async function clearPushFault(url: string): Promise<{ served: number }> {
	return (await call<{ served: number }>(url, 'DELETE', '/api/__test/faults')).body;
}

function expectSession(res: { status: number; body: unknown }, what: string): SessionResponse {
	if (res.status !== 200 && res.status !== 201)
		throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body as SessionResponse;
}
