import { updateServerSettings } from '../../server/admin/settings-repo';
import type { SessionResponse } from '#shared/api';
import { call } from './http';
import type { TestServer } from './test-server';

export const PASSWORD = 'correct horse battery';

/** Creates the admin through the real setup endpoint. */
export async function setupAdmin(server: Pick<TestServer, 'url'>, username = 'admin'): Promise<SessionResponse> {
	const res = await call<SessionResponse>(server.url, 'POST', '/api/setup', { body: { username, password: PASSWORD } });
	if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}

/** Signs up a user through the real endpoint, opening sign-up first if it is closed. */
export async function signupUser(server: TestServer, username: string): Promise<SessionResponse> {
	await updateServerSettings(server.store, { signupEnabled: true });
	const res = await call<SessionResponse>(server.url, 'POST', '/api/auth/signup', {
		body: { username, password: PASSWORD }
	});
	if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}
