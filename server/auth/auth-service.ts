import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { conflict, DomainError, forbidden } from '../domain-errors';
import { getServerSettings } from '../admin/settings-repo';
import type { Credentials, PublicUser, SessionResponse } from '#shared/api';
import type { SignupRequest } from '#shared/accounts';
import { findOpenInvitation, markInvitationUsed } from './invitations-repo';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { hashToken, insertSession, newToken, revokeSession, revokeUserSessions } from './sessions-repo';
import { countUsers, findUserByUsername, getUser, insertUser, setPasswordHash, toPublicUser } from './users-repo';

export interface SessionContext {
	db: Db;
	now: number;
	userAgent: string | null;
	/** What the device calls itself, when it said so at sign-in. */
	deviceName?: string | null;
}

function startSession(ctx: SessionContext, user: { id: number; username: string; is_admin: number }): SessionResponse {
	const { token, hash } = newToken();
	insertSession(ctx.db, {
		userId: user.id,
		tokenHash: hash,
		now: ctx.now,
		userAgent: ctx.userAgent,
		deviceName: ctx.deviceName ?? null
	});
	return { token, user: toPublicUser(user) };
}

/** First start: creates the admin only while no user exists; two concurrent calls create exactly one. */
export async function setupAdmin(ctx: SessionContext, credentials: Credentials): Promise<SessionResponse> {
	const alreadySetUp = () => {
		if (countUsers(ctx.db) > 0) throw conflict('this server is already set up; sign in instead');
	};
	// Checked before hashing too: once set up, this endpoint must cost an anonymous caller nothing.
	alreadySetUp();
	const passwordHash = await hashPassword(credentials.password);
	return writeTransaction(ctx.db, () => {
		alreadySetUp();
		const user = insertUser(ctx.db, { username: credentials.username, passwordHash, isAdmin: true, now: ctx.now })!;
		return startSession(ctx, user);
	});
}

/**
 * Open sign-up while the admin allows it; with an invitation, sign-up works while it is closed, and the
 * invitation is spent in the same transaction that creates the account (two uses at once create one account).
 */
export async function signup(ctx: SessionContext, request: SignupRequest): Promise<SessionResponse> {
	const permission = () => signupPermission(ctx, request.invitation);
	permission();
	const passwordHash = await hashPassword(request.password);
	return writeTransaction(ctx.db, () => {
		const invitation = permission();
		const isAdmin = invitation?.is_admin === 1;
		const user = insertUser(ctx.db, { username: request.username, passwordHash, isAdmin, now: ctx.now });
		if (!user) throw conflict('that username is taken');
		if (invitation) markInvitationUsed(ctx.db, invitation.id, user.id, ctx.now);
		return startSession(ctx, user);
	});
}

function signupPermission(ctx: SessionContext, invitationToken: string | undefined) {
	if (invitationToken !== undefined) {
		const invitation = findOpenInvitation(ctx.db, hashToken(invitationToken), ctx.now);
		if (!invitation) throw forbidden('this invitation was used, revoked or has expired; ask for a new one');
		return invitation;
	}
	if (!getServerSettings(ctx.db).signupEnabled) throw forbidden('sign-up is closed on this server; ask its admin');
	return undefined;
}

const invalidCredentials = () =>
	new DomainError('unauthenticated', 'wrong username or password', 'invalid_credentials');

export async function login(ctx: SessionContext, credentials: Credentials): Promise<SessionResponse> {
	const user = findUserByUsername(ctx.db, credentials.username);
	// Verify against a dummy hash for unknown users, so timing does not reveal which usernames exist.
	const ok = await verifyPassword(credentials.password, user?.password_hash ?? (await dummyPasswordHash()));
	if (!user || !ok) throw invalidCredentials();
	if (user.disabled) throw forbidden('this account is disabled; ask the admin');
	return writeTransaction(ctx.db, () => startSession(ctx, user));
}

/** Changes the password and signs out every other device. */
export async function changePassword(
	ctx: SessionContext,
	userId: number,
	sessionId: number,
	currentPassword: string,
	newPassword: string
): Promise<void> {
	const user = getUser(ctx.db, userId);
	if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
		// The user is known here (signed in): only the current password can be wrong.
		throw new DomainError('unauthenticated', 'the current password is wrong', 'invalid_credentials');
	}
	const passwordHash = await hashPassword(newPassword);
	writeTransaction(ctx.db, () => {
		setPasswordHash(ctx.db, userId, passwordHash);
		revokeUserSessions(ctx.db, userId, sessionId, ctx.now);
	});
}

/** What the first screen needs: whether to set the server up, and whether anyone may sign up. */
export function setupStatus(db: Db): { needsSetup: boolean; signupEnabled: boolean } {
	return { needsSetup: countUsers(db) === 0, signupEnabled: getServerSettings(db).signupEnabled };
}

export function logout(db: Db, sessionId: number, now: number): void {
	revokeSession(db, sessionId, now);
}

/** The signed-in user: requireAuth has just found their session, so they exist. */
export function currentUser(db: Db, userId: number): PublicUser {
	return toPublicUser(getUser(db, userId)!);
}
