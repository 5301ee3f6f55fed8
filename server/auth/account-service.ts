import type { Db } from '../db/open';
import { writeTransaction } from '../db/version';
import { conflict, forbidden, notFound } from '../domain-errors';
import type { DeviceSession } from '#shared/accounts';
import type { PublicUser } from '#shared/api';
import { deviceName } from './device-name';
import { ensureNotLastAdmin } from './last-admin';
import { verifyPassword } from './passwords';
import { listActiveSessions, revokeUserSession, revokeUserSessions } from './sessions-repo';
import { deleteUser, getUser, setUsername, toPublicUser } from './users-repo';

/** Where the user is signed in: every session that still works, this one first and marked. */
export function listDevices(db: Db, userId: number, currentSessionId: number, now: number): DeviceSession[] {
	const devices = listActiveSessions(db, userId, now).map((s) => ({
		id: s.id,
		device: deviceName(s.device_name, s.user_agent),
		createdAt: s.created_at,
		lastSeenAt: s.last_used_at,
		current: s.id === currentSessionId
	}));
	return devices.sort((a, b) => Number(b.current) - Number(a.current));
}

/** Signs one of the user's devices out; its next request gets 401. Another user's session is "not found". */
export function signOutDevice(db: Db, userId: number, sessionId: number, now: number): void {
	writeTransaction(db, () => {
		if (!revokeUserSession(db, userId, sessionId, now)) throw notFound('no such session on your account');
	});
}

export function signOutOtherDevices(db: Db, userId: number, currentSessionId: number, now: number): number {
	return writeTransaction(db, () => revokeUserSessions(db, userId, currentSessionId, now));
}

export function changeUsername(db: Db, userId: number, username: string): PublicUser {
	return writeTransaction(db, () => {
		if (!setUsername(db, userId, username)) throw conflict('that username is taken');
		return toPublicUser(getUser(db, userId)!);
	});
}

/** Deletes the account and everything it stored (its rows cascade); asks for the password first. */
export async function deleteOwnAccount(db: Db, userId: number, password: string): Promise<void> {
	const user = getUser(db, userId);
	if (!user || !(await verifyPassword(password, user.password_hash))) {
		throw forbidden('that is not your current password');
	}
	writeTransaction(db, () => {
		ensureNotLastAdmin(db, userId);
		deleteUser(db, userId);
	});
}
