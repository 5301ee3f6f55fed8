import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql';

/** An installed app must stay signed in for months: each use pushes the expiry this far ahead. */
export const SESSION_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;
/**
 * Sliding the expiry is a write; doing it at most this often keeps nearly every request read-only, while the
 * device list's "last seen" stays within the hour.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionWithUser {
	session_id: number;
	user_id: number;
	username: string;
	is_admin: number;
	disabled: number;
	expires_at: number;
	last_used_at: number;
	revoked_at: number | null;
}

export function newToken(): { token: string; hash: Buffer } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}

export interface NewSession {
	userId: number;
	tokenHash: Buffer;
	now: number;
	userAgent: string | null;
	deviceName: string | null;
}

export async function insertSession(sql: Sql, session: NewSession): Promise<void> {
	await sql.run(
		`INSERT INTO sessions (user_id, token_hash, created_at, last_used_at, expires_at, user_agent, device_name)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		[
			session.userId,
			session.tokenHash,
			session.now,
			session.now,
			session.now + SESSION_LIFETIME_MS,
			session.userAgent?.slice(0, 300) ?? null,
			session.deviceName
		]
	);
}

export interface ActiveSessionRow {
	id: number;
	created_at: number;
	last_used_at: number;
	user_agent: string | null;
	device_name: string | null;
}

/** The user's sessions that still sign a device in, most recently used first. */
export function listActiveSessions(sql: Sql, userId: number, now: number): Promise<ActiveSessionRow[]> {
	return sql.all<ActiveSessionRow>(
		`SELECT id, created_at, last_used_at, user_agent, device_name FROM sessions
		 WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_used_at DESC, id DESC`,
		[userId, now]
	);
}

/** Revokes one of the user's own sessions; false when it is not theirs or already ended. */
export async function revokeUserSession(sql: Sql, userId: number, sessionId: number, now: number): Promise<boolean> {
	return (
		(
			await sql.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [
				now,
				sessionId,
				userId
			])
		).changes === 1
	);
}

export function findSession(sql: Sql, tokenHash: Buffer): Promise<SessionWithUser | undefined> {
	return sql.get<SessionWithUser>(
		`SELECT s.id AS session_id, s.user_id, u.username, u.is_admin, u.disabled, s.expires_at, s.last_used_at,
		        s.revoked_at
		 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
		[tokenHash]
	);
}

export async function touchSession(sql: Sql, sessionId: number, now: number): Promise<void> {
	await sql.run('UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL', [
		now,
		now + SESSION_LIFETIME_MS,
		sessionId
	]);
}

/** Whether a session still stands: not revoked, not expired, its user neither disabled nor deleted. */
export async function sessionIsActive(sql: Sql, sessionId: number, now: number): Promise<boolean> {
	return (
		(await sql.get(
			`SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
			 WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
			[sessionId, now]
		)) !== undefined
	);
}

export async function revokeSession(sql: Sql, sessionId: number, now: number): Promise<void> {
	await sql.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, sessionId]);
}

/** Revokes every session of the user except `keepSessionId` (all of them when it is null). */
export async function revokeUserSessions(
	sql: Sql,
	userId: number,
	keepSessionId: number | null,
	now: number
): Promise<number> {
	return (
		// IS DISTINCT FROM, not SQLite's `IS NOT`, which PostgreSQL only reads before NULL, TRUE or FALSE.
		(
			await sql.run(
				'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS DISTINCT FROM ?',
				[now, userId, keepSessionId]
			)
		).changes
	);
}

/** Old sessions are kept a while after they end so a 401 can be told apart from a bug; then removed. */
export async function deleteEndedSessions(sql: Sql, before: number): Promise<number> {
	return (await sql.run('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?', [before, before])).changes;
}
