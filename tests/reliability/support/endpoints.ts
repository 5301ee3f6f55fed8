/**
 * Every endpoint that needs a session (design.md §3), with a plausible request. `:sub`, `:folder`, `:entry` and
 * `:user` are replaced by real ids where a test has them, or by made-up ones.
 */
export interface Endpoint {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	path: string;
	body?: unknown;
	admin?: boolean;
}

const CLIENT_ID = 'reliability-client-1';

export const AUTHENTICATED_ENDPOINTS: Endpoint[] = [
	{ method: 'GET', path: '/api/auth/me' },
	{ method: 'POST', path: '/api/auth/logout' },
	{
		method: 'POST',
		path: '/api/auth/password',
		body: { currentPassword: 'x'.repeat(10), newPassword: 'y'.repeat(10) }
	},
	{ method: 'GET', path: '/api/auth/sessions' },
	{ method: 'DELETE', path: '/api/auth/sessions/:session' },
	{ method: 'POST', path: '/api/auth/sessions/revoke-others' },
	{ method: 'PATCH', path: '/api/auth/me', body: { username: 'renamed-user' } },
	{ method: 'DELETE', path: '/api/auth/me', body: { password: 'x'.repeat(10) } },
	{ method: 'POST', path: '/api/sync/push', body: { protocolVersion: 1, clientId: CLIENT_ID, mutations: [] } },
	{ method: 'POST', path: '/api/sync/pull', body: { protocolVersion: 1, clientId: CLIENT_ID, cookie: null } },
	{ method: 'GET', path: '/api/sync/events' },
	{ method: 'POST', path: '/api/discover', body: { url: 'http://127.0.0.1:9/feed' } },
	{ method: 'POST', path: '/api/subscriptions/:sub/refresh' },
	{ method: 'PATCH', path: '/api/subscriptions/:sub', body: { title: 'renamed' } },
	{ method: 'PATCH', path: '/api/folders/:folder', body: { name: 'renamed' } },
	{ method: 'POST', path: '/api/entries/:entry/extract' },
	{ method: 'GET', path: '/api/search?q=news' },
	{ method: 'GET', path: '/api/opml' },
	{ method: 'POST', path: '/api/opml', body: { opml: '<opml version="2.0"><body/></opml>' } },
	{ method: 'GET', path: '/api/admin/settings', admin: true },
	{ method: 'PATCH', path: '/api/admin/settings', body: { signupEnabled: true }, admin: true },
	{ method: 'GET', path: '/api/admin/users', admin: true },
	{ method: 'PATCH', path: '/api/admin/users/:user', body: { disabled: true }, admin: true },
	{ method: 'DELETE', path: '/api/admin/users/:user', admin: true },
	{ method: 'POST', path: '/api/admin/users/:user/password', body: { password: 'z'.repeat(12) }, admin: true },
	{
		method: 'POST',
		path: '/api/admin/users',
		body: { username: 'made-by-admin', password: 'z'.repeat(12) },
		admin: true
	},
	{ method: 'GET', path: '/api/admin/invitations', admin: true },
	{ method: 'POST', path: '/api/admin/invitations', body: {}, admin: true },
	{ method: 'DELETE', path: '/api/admin/invitations/1', admin: true }
];

export interface EndpointIds {
	sub?: string;
	folder?: string;
	entry?: number;
	user?: number;
	session?: number;
}

export function fillPath(path: string, ids: EndpointIds = {}): string {
	return path
		.replace(':sub', ids.sub ?? '00000000-0000-4000-8000-000000000001')
		.replace(':folder', ids.folder ?? '00000000-0000-4000-8000-000000000002')
		.replace(':entry', String(ids.entry ?? 1))
		.replace(':user', String(ids.user ?? 1))
		.replace(':session', String(ids.session ?? 1));
}
