import fs from 'node:fs';
import type { Db } from '../db/open';
import { findUserByUsername } from '../auth/users-repo';
import { DomainError } from '../domain-errors';
import { exportOpml } from '../feeds/opml/opml-export';
import { importOpml } from '../feeds/opml/opml-import';
import { CliError, type CliIo } from './cli-io';

function userId(db: Db, name: string): number {
	const user = findUserByUsername(db, name);
	if (!user) throw new CliError(`no user named "${name}"`);
	return user.id;
}

/** `opml:import <user> <file>`: the new feeds are fetched by the running server's scheduler (they are due now). */
export function opmlImportCommand(io: CliIo, db: Db, name: string | undefined, file: string | undefined): void {
	if (!name || !file) throw new CliError('usage: opml:import <user> <file>');
	if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
	try {
		const { feedIds: _feedIds, ...report } = importOpml(
			db,
			userId(db, name),
			fs.readFileSync(file, 'utf8'),
			Date.now()
		);
		io.out(JSON.stringify(report, null, 2));
	} catch (err) {
		if (err instanceof DomainError) throw new CliError(err.message);
		throw err;
	}
}

export function opmlExportCommand(io: CliIo, db: Db, name: string | undefined): void {
	if (!name) throw new CliError('usage: opml:export <user>');
	io.out(exportOpml(db, userId(db, name), Date.now()));
}
