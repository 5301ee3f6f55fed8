import type { Sql, Store } from '../db/sql';
import { conflict, DomainError, forbidden } from '../domain-errors';
import { getServerSettings } from '../admin/settings-repo';
import type { Credentials, PublicUser, SessionResponse } from '#shared/api';
import type { SignupRequest } from '#shared/accounts';
import { findOpenInvitation, markInvitationUsed } from './invitations-repo';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { hashToken, insertSession, newToken, revokeSession, revokeUserSessions } from './sessions-repo';
import {
	countUsers,
	findUserByUsername,
	getUser,
	insertUser,
	serializeFirstSetup,
	setPasswordHash,
	toPublicUser
} from './users-repo';

export interface SessionContext {
	db: Store;
	now: number;
	userAgent: string | null;
	/** What the device calls itself, when it said so at sign-in. */
	deviceName?: string | null;
}

async function startSession(
	tx: Sql,
	ctx: SessionContext,
	user: { id: number; username: string; is_admin: number }
): Promise<SessionResponse> {
	const { token, hash } = newToken();
	await insertSession(tx, {
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
	const alreadySetUp = async (sql: Sql) => {
		if ((await countUsers(sql)) > 0) throw conflict('this server is already set up; sign in instead');
	};
	// Checked before hashing too: once set up, this endpoint must cost an anonymous caller nothing.
	await alreadySetUp(ctx.db);
	const passwordHash = await hashPassword(credentials.password);
	return await ctx.db.transaction(async (tx) => {
		await serializeFirstSetup(tx);
		await alreadySetUp(tx);
		const user = (await insertUser(tx, { username: credentials.username, passwordHash, isAdmin: true, now: ctx.now }))!;
		return await startSession(tx, ctx, user);
	});
}

/**
 * Open sign-up while the admin allows it; with an invitation, sign-up works while it is closed, and the
 * invitation is spent in the same transaction that creates the account (two uses at once create one account).
 */
export async function signup(ctx: SessionContext, request: SignupRequest): Promise<SessionResponse> {
	await signupPermission(ctx.db, ctx, request.invitation);
	const passwordHash = await hashPassword(request.password);
	return await ctx.db.transaction(async (tx) => {
		const invitation = await signupPermission(tx, ctx, request.invitation);
		const isAdmin = invitation?.is_admin === 1;
		const user = await insertUser(tx, { username: request.username, passwordHash, isAdmin, now: ctx.now });
		if (!user) throw conflict('that username is taken');
		// Two sign-ups with one invitation can both find it open (PostgreSQL's READ COMMITTED); only one spends it.
		if (invitation && !(await markInvitationUsed(tx, invitation.id, user.id, ctx.now))) throw invitationSpent();
		return await startSession(tx, ctx, user);
	});
}

const invitationSpent = () => forbidden('this invitation was used, revoked or has expired; ask for a new one');

async function signupPermission(sql: Sql, ctx: SessionContext, invitationToken: string | undefined) {
	if (invitationToken !== undefined) {
		const invitation = await findOpenInvitation(sql, hashToken(invitationToken), ctx.now);
		if (!invitation) throw invitationSpent();
		return invitation;
	}
	if (!(await getServerSettings(sql)).signupEnabled) throw forbidden('sign-up is closed on this server; ask its admin');
	return undefined;
}

const invalidCredentials = () =>
	new DomainError('unauthenticated', 'wrong username or password', 'invalid_credentials');

export async function login(ctx: SessionContext, credentials: Credentials): Promise<SessionResponse> {
	const user = await findUserByUsername(ctx.db, credentials.username);
	// Verify against a dummy hash for unknown users, so timing does not reveal which usernames exist.
	const ok = await verifyPassword(credentials.password, user?.password_hash ?? (await dummyPasswordHash()));
	if (!user || !ok) throw invalidCredentials();
	if (user.disabled) throw forbidden('this account is disabled; ask the admin');
	return await ctx.db.transaction(async (tx) => await startSession(tx, ctx, user));
}

/** Changes the password and signs out every other device. */
export async function changePassword(
	ctx: SessionContext,
	userId: number,
	sessionId: number,
	currentPassword: string,
	newPassword: string
): Promise<void> {
	const user = await getUser(ctx.db, userId);
	if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
		// The user is known here (signed in): only the current password can be wrong.
		throw new DomainError('unauthenticated', 'the current password is wrong', 'invalid_credentials');
	}
	const passwordHash = await hashPassword(newPassword);
	await ctx.db.transaction(async (tx) => {
		await setPasswordHash(tx, userId, passwordHash);
		await revokeUserSessions(tx, userId, sessionId, ctx.now);
	});
}

/** What the first screen needs: whether to set the server up, and whether anyone may sign up. */
export async function setupStatus(db: Sql): Promise<{ needsSetup: boolean; signupEnabled: boolean }> {
	return { needsSetup: (await countUsers(db)) === 0, signupEnabled: (await getServerSettings(db)).signupEnabled };
}

export async function logout(db: Sql, sessionId: number, now: number): Promise<void> {
	await revokeSession(db, sessionId, now);
}

/** The signed-in user: requireAuth has just found their session, so they exist. */
export async function currentUser(db: Sql, userId: number): Promise<PublicUser> {
	return toPublicUser((await getUser(db, userId))!);
}
