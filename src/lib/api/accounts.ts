import {
	adminUserListSchema,
	createdInvitationSchema,
	deviceSessionListSchema,
	invitationListSchema,
	meSchema,
	type AdminUser,
	type CreatedInvitation,
	type DeviceSession,
	type Invitation
} from '$lib/shared/accounts';
import type { PublicUser } from '$lib/shared/api';
import type { RequestOptions } from './request';

/** An authenticated request: the session's, so a 401 ends the session in one place. */
export type AuthedRequest = <T>(path: string, options?: Omit<RequestOptions, 'token'>) => Promise<T>;

/** The account endpoints, typed and checked: what a user manages about their own account. */
export function accountApi(request: AuthedRequest) {
	return {
		async devices(): Promise<DeviceSession[]> {
			return deviceSessionListSchema.parse(await request('/auth/sessions')).sessions;
		},
		signOutDevice: (id: number) => request<void>(`/auth/sessions/${id}`, { method: 'DELETE' }),
		async signOutOtherDevices(): Promise<number> {
			return (await request<{ revoked: number }>('/auth/sessions/revoke-others', { method: 'POST' })).revoked;
		},
		async changeUsername(username: string): Promise<PublicUser> {
			return meSchema.parse(await request('/auth/me', { method: 'PATCH', body: { username } })).user;
		},
		deleteAccount: (password: string) => request<void>('/auth/me', { method: 'DELETE', body: { password } })
	};
}

/** The admin endpoints: users and invitations. */
export function adminApi(request: AuthedRequest) {
	return {
		async users(): Promise<AdminUser[]> {
			return adminUserListSchema.parse(await request('/admin/users')).users;
		},
		createUser: (user: { username: string; password: string; isAdmin: boolean }) =>
			request<unknown>('/admin/users', { body: user }),
		updateUser: (id: number, patch: { disabled?: boolean; isAdmin?: boolean }) =>
			request<void>(`/admin/users/${id}`, { method: 'PATCH', body: patch }),
		deleteUser: (id: number) => request<void>(`/admin/users/${id}`, { method: 'DELETE' }),
		resetPassword: (id: number, password: string) =>
			request<void>(`/admin/users/${id}/password`, { body: { password } }),
		async invitations(): Promise<Invitation[]> {
			return invitationListSchema.parse(await request('/admin/invitations')).invitations;
		},
		async createInvitation(options: { expiresInHours: number; admin: boolean }): Promise<CreatedInvitation> {
			return createdInvitationSchema.parse(await request('/admin/invitations', { body: options }));
		},
		revokeInvitation: (id: number) => request<void>(`/admin/invitations/${id}`, { method: 'DELETE' })
	};
}
