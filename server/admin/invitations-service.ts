import type { Sql, Store } from '../db/sql';
import { notFound } from '../domain-errors';
import type { CreatedInvitation, Invitation, InvitationStatus } from '#shared/accounts';
import { newToken } from '../auth/sessions-repo';
import {
	insertInvitation,
	invitationExists,
	listInvitations,
	revokeInvitation,
	type InvitationRow
} from '../auth/invitations-repo';

const HOUR = 60 * 60 * 1000;

/** The link's token is a session-strength secret; only its hash is stored, so the link is shown only now. */
export async function createInvitation(
	db: Store,
	request: { expiresInHours: number; admin: boolean; createdBy: number; now: number; origin: string }
): Promise<CreatedInvitation> {
	const { token, hash } = newToken();
	const expiresAt = request.now + request.expiresInHours * HOUR;
	const id = await db.transaction(
		async (tx) =>
			await insertInvitation(tx, {
				tokenHash: hash,
				isAdmin: request.admin,
				createdBy: request.createdBy,
				now: request.now,
				expiresAt
			})
	);
	return { id, token, url: `${request.origin}/signup?invitation=${token}`, expiresAt };
}

function status(row: InvitationRow, now: number): InvitationStatus {
	if (row.used_at !== null) return 'used';
	if (row.revoked_at !== null) return 'revoked';
	return row.expires_at <= now ? 'expired' : 'open';
}

export async function listInvitationsForAdmin(db: Sql, now: number): Promise<Invitation[]> {
	return (await listInvitations(db)).map((row) => ({
		id: row.id,
		admin: row.is_admin === 1,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		usedBy: row.used_by_name,
		status: status(row, now)
	}));
}

/** Revoking a used or already revoked invitation changes nothing and is not an error. */
export async function revokeInvitationById(db: Store, id: number, now: number): Promise<void> {
	await db.transaction(async (tx) => {
		if (!(await invitationExists(tx, id))) throw notFound('no such invitation');
		await revokeInvitation(tx, id, now);
	});
}
