import fs from 'node:fs';
import type { Sql, Store } from '../db/sql';
import { findUserByUsername } from '../auth/users-repo';
import { DomainError } from '../domain-errors';
import { exportOpml } from '../feeds/opml/opml-export';
import { importOpml } from '../feeds/opml/opml-import';
import { CliError, type CliIo } from './cli-io';

async function userId(db: Sql, name: string): Promise<number> {
	const user = await findUserByUsername(db, name);
	if (!user) throw new CliError(`no user named "${name}"`);
	return user.id;
}

/** `opml:import <user> <file>`: the new feeds are fetched by the running server's scheduler (they are due now). */
export async function opmlImportCommand(
	io: CliIo,
	db: Store,
	name: string | undefined,
	file: string | undefined
): Promise<void> {
	if (!name || !file) throw new CliError('usage: opml:import <user> <file>');
	if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
	try {
		const { feedIds: _feedIds, ...report } = await importOpml(
			db,
			await userId(db, name),
			fs.readFileSync(file, 'utf8'),
			Date.now()
		);
		io.out(JSON.stringify(report, null, 2));
	} catch (err) {
		if (err instanceof DomainError) throw new CliError(err.message);
		throw err;
	}
}

export async function opmlExportCommand(io: CliIo, db: Sql, name: string | undefined): Promise<void> {
	if (!name) throw new CliError('usage: opml:export <user>');
	io.out(await exportOpml(db, await userId(db, name), Date.now()));
}
