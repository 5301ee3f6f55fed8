import type { Db } from '../db/open';
import { stmt } from '../db/statements';

export interface InvitationRow {
	id: number;
	is_admin: number;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	used_by_name: string | null;
	revoked_at: number | null;
}

export function insertInvitation(
	db: Db,
	invitation: { tokenHash: Buffer; isAdmin: boolean; createdBy: number; now: number; expiresAt: number }
): number {
	return Number(
		stmt(
			db,
			`INSERT INTO invitations (token_hash, is_admin, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`
		).run(invitation.tokenHash, invitation.isAdmin ? 1 : 0, invitation.createdBy, invitation.now, invitation.expiresAt)
			.lastInsertRowid
	);
}

/** Invitations are the server's, not one admin's: every admin sees and may revoke them all. */
export function listInvitations(db: Db): InvitationRow[] {
	return stmt<[], InvitationRow>(
		db,
		`SELECT i.id, i.is_admin, i.created_at, i.expires_at, i.used_at, u.username AS used_by_name, i.revoked_at
		 FROM invitations i LEFT JOIN users u ON u.id = i.used_by ORDER BY i.created_at DESC, i.id DESC`
	).all();
}

export function revokeInvitation(db: Db, id: number, now: number): boolean {
	return (
		stmt(db, 'UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND used_at IS NULL').run(
			now,
			id
		).changes === 1
	);
}

export function invitationExists(db: Db, id: number): boolean {
	return stmt<[number], { id: number }>(db, 'SELECT id FROM invitations WHERE id = ?').get(id) !== undefined;
}

/** The open invitation with this token, if any: not used, not revoked, not expired. */
export function findOpenInvitation(
	db: Db,
	tokenHash: Buffer,
	now: number
): { id: number; is_admin: number } | undefined {
	return stmt<[Buffer, number], { id: number; is_admin: number }>(
		db,
		`SELECT id, is_admin FROM invitations
		 WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`
	).get(tokenHash, now);
}

export function markInvitationUsed(db: Db, id: number, userId: number, now: number): boolean {
	return (
		stmt(db, 'UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL').run(now, userId, id)
			.changes === 1
	);
}
