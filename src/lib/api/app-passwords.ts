import {
	appPasswordListSchema,
	createdAppPasswordSchema,
	type AppPassword,
	type CreatedAppPassword
} from '$lib/shared/app-passwords';

interface Requester {
	request<T>(path: string, options?: { method?: string; body?: unknown }): Promise<T>;
}

/** GET /api/app-passwords: the user's app passwords (never the passwords themselves). */
export async function listAppPasswords(api: Requester): Promise<AppPassword[]> {
	return appPasswordListSchema.parse(await api.request('/app-passwords')).appPasswords;
}

/** POST /api/app-passwords: a new one; the answer is the only time its password is shown. */
export async function createAppPassword(api: Requester, name: string): Promise<CreatedAppPassword> {
	return createdAppPasswordSchema.parse(await api.request('/app-passwords', { body: { name } }));
}

/** DELETE /api/app-passwords/:id: the apps signed in with it are signed out at once. */
export async function revokeAppPassword(api: Requester, id: number): Promise<void> {
	await api.request(`/app-passwords/${id}`, { method: 'DELETE' });
}
