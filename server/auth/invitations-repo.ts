import type { Sql } from '../db/sql';

export interface InvitationRow {
	id: number;
	is_admin: number;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	used_by_name: string | null;
	revoked_at: number | null;
}

export async function insertInvitation(
	sql: Sql,
	invitation: { tokenHash: Buffer; isAdmin: boolean; createdBy: number; now: number; expiresAt: number }
): Promise<number> {
	const row = await sql.get<{ id: number }>(
		`INSERT INTO invitations (token_hash, is_admin, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
		 RETURNING id`,
		[invitation.tokenHash, invitation.isAdmin ? 1 : 0, invitation.createdBy, invitation.now, invitation.expiresAt]
	);
	return row!.id;
}

/** Invitations are the server's, not one admin's: every admin sees and may revoke them all. */
export async function listInvitations(sql: Sql): Promise<InvitationRow[]> {
	return sql.all<InvitationRow>(`SELECT i.id, i.is_admin, i.created_at, i.expires_at, i.used_at, u.username AS used_by_name, i.revoked_at
		 FROM invitations i LEFT JOIN users u ON u.id = i.used_by ORDER BY i.created_at DESC, i.id DESC`);
}

export async function revokeInvitation(sql: Sql, id: number, now: number): Promise<boolean> {
	return (
		(
			await sql.run('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND used_at IS NULL', [
				now,
				id
			])
		).changes === 1
	);
}

export async function invitationExists(sql: Sql, id: number): Promise<boolean> {
	return (await sql.get<{ id: number }>('SELECT id FROM invitations WHERE id = ?', [id])) !== undefined;
}

/** The open invitation with this token, if any: not used, not revoked, not expired. */
export async function findOpenInvitation(
	sql: Sql,
	tokenHash: Buffer,
	now: number
): Promise<{ id: number; is_admin: number } | undefined> {
	return sql.get<{ id: number; is_admin: number }>(
		`SELECT id, is_admin FROM invitations
		 WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
		[tokenHash, now]
	);
}

export async function markInvitationUsed(sql: Sql, id: number, userId: number, now: number): Promise<boolean> {
	return (
		(
			await sql.run('UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL', [
				now,
				userId,
				id
			])
		).changes === 1
	);
}
