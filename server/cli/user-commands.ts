import type { Store } from '../db/sql';
import { resetPassword } from '../admin/admin-service';
import { hashPassword } from '../auth/passwords';
import { findUserByUsername, insertUser } from '../auth/users-repo';
import { credentialsSchema } from '#shared/api';
import { CliError, readPassword, type CliIo } from './cli-io';

function validCredentials(username: string, password: string) {
	const parsed = credentialsSchema.safeParse({ username, password });
	if (!parsed.success)
		throw new CliError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
	return parsed.data;
}

/** `user:add <name> [--admin]`, password on standard input. */
export async function addUserCommand(io: CliIo, db: Store, name: string | undefined, isAdmin: boolean): Promise<void> {
	if (!name) throw new CliError('usage: user:add <name> [--admin] < password');
	const credentials = validCredentials(name, await readPassword(io));
	const passwordHash = await hashPassword(credentials.password);
	const user = await db.transaction(
		async (tx) => await insertUser(tx, { username: credentials.username, passwordHash, isAdmin, now: Date.now() })
	);
	if (!user) throw new CliError(`the username "${credentials.username}" is taken`);
	io.out(`added ${isAdmin ? 'admin' : 'user'} ${user.username} (id ${user.id})`);
}

/** `user:reset-password <name>`, new password on standard input; signs the user out everywhere. */
export async function resetPasswordCommand(io: CliIo, db: Store, name: string | undefined): Promise<void> {
	if (!name) throw new CliError('usage: user:reset-password <name> < password');
	const user = await findUserByUsername(db, name);
	if (!user) throw new CliError(`no user named "${name}"`);
	const { password } = validCredentials(user.username, await readPassword(io));
	await resetPassword(db, user.id, password, Date.now());
	io.out(`password of ${user.username} reset; their sessions were signed out`);
}
