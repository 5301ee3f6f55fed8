import type { Sql, Store } from '../db/sql';
import { conflict, forbidden, notFound } from '../domain-errors';
import type { Logger } from '../log';
import type { AppPassword, CreatedAppPassword } from '#shared/app-passwords';
import { usernameKey } from '../auth/users-repo';
import { authTokenFor, newAppPassword, secretHash } from './app-password-secrets';
import {
	countAppPasswords,
	deleteAppPassword,
	findByAuthHash,
	findByPasswordHash,
	insertAppPassword,
	listAppPasswords,
	touchAppPassword,
	type AppPasswordOwner,
	type AppPasswordRow
} from './app-passwords-repo';

/** More than this is a script gone wrong, not a person's devices. */
export const MAX_APP_PASSWORDS = 100;
/** Recording the last use is a write: at most this often per app password. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

const toAppPassword = (row: AppPasswordRow): AppPassword => ({
	id: row.id,
	name: row.name,
	createdAt: row.created_at,
	lastUsedAt: row.last_used_at
});

/** Makes a new app password; the answer is the only place the password itself ever appears. */
export async function createAppPassword(
	db: Store,
	userId: number,
	name: string,
	now: number
): Promise<CreatedAppPassword> {
	const password = newAppPassword();
	const row = await db.transaction(async (tx) => {
		if ((await countAppPasswords(tx, userId)) >= MAX_APP_PASSWORDS) {
			throw conflict(`you have ${MAX_APP_PASSWORDS} app passwords; revoke one you no longer use first`);
		}
		const passwordHash = secretHash(password);
		const authHash = secretHash(authTokenFor(password));
		return await insertAppPassword(tx, { userId, name, passwordHash, authHash, now });
	});
	return { id: row.id, name: row.name, password };
}

export async function listUserAppPasswords(db: Sql, userId: number): Promise<AppPassword[]> {
	return (await listAppPasswords(db, userId)).map(toAppPassword);
}

/** Revoking deletes the row: the password no longer signs in and its Auth token stops working at once. */
export async function revokeAppPassword(db: Store, userId: number, id: number): Promise<void> {
	const deleted = await db.transaction(async (tx) => await deleteAppPassword(tx, userId, id));
	if (!deleted) throw notFound('no such app password');
}

/**
 * ClientLogin: the Auth token for this username and app password, or undefined when they do not match (the web
 * password is never an app password, so it never signs in here).
 */
export async function signInWithAppPassword(db: Sql, username: string, password: string): Promise<string | undefined> {
	const owner = await findByPasswordHash(db, secretHash(password));
	if (!owner || owner.username_key !== usernameKey(username.trim())) return undefined;
	if (owner.disabled) throw forbidden('this account is disabled; ask the admin');
	return authTokenFor(password);
}

/** The app password (and account) an Auth token stands for, or undefined when it is unknown or revoked. */
export async function ownerOfAuthToken(
	db: Sql,
	authToken: string,
	now: number,
	logger: Logger
): Promise<AppPasswordOwner | undefined> {
	const owner = await findByAuthHash(db, secretHash(authToken));
	if (owner && (owner.last_used_at === null || now - owner.last_used_at > TOUCH_INTERVAL_MS)) {
		try {
			await touchAppPassword(db, owner.user_id, owner.app_password_id, now);
		} catch (err) {
			// Only bookkeeping: a busy database must not fail the request.
			logger.warn({ err }, 'could not record the use of an app password');
		}
	}
	return owner;
}
