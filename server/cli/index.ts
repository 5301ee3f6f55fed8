import { loadConfig } from '../config';
import { openStore } from '../db/open-store';
import type { Store } from '../db/sql';
import { CliError, processIo, type CliIo } from './cli-io';
import { migrateToPostgresCommand } from './migrate-to-postgres-command';
import { opmlExportCommand, opmlImportCommand } from './opml-commands';
import { parseCommand } from './parse-command';
import { addUserCommand, resetPasswordCommand } from './user-commands';

const USAGE = `usage: npm run cli -- <command>
  parse <file-or-url>              print the feed, normalized, as JSON
  user:add <name> [--admin]        add a user; the password is read from standard input
  user:reset-password <name>       set a new password (from standard input) and sign the user out
  opml:import <user> <file>        import subscriptions and folders
  opml:export <user>               print the user's subscriptions as OPML
  migrate-to-postgres              copy DATA_DIR's SQLite database into the empty PostgreSQL one at DATABASE_URL`;

/**
 * Runs one command and returns the exit code. Commands that need the database open the server's (DATABASE_URL's,
 * else DATA_DIR's; WAL lets them run while the server does).
 */
export async function runCli(argv: string[], io: CliIo = processIo, env = process.env): Promise<number> {
	const [command, ...rest] = argv;
	const flags = new Set(rest.filter((a) => a.startsWith('--')));
	const [first, second] = rest.filter((a) => !a.startsWith('--'));
	const config = loadConfig(env);
	let opened: Promise<Store> | undefined;
	const database = () => (opened ??= openStore(config).then(({ store }) => store));
	try {
		switch (command) {
			case 'parse':
				await parseCommand(io, first, config.ALLOW_PRIVATE_FEEDS);
				break;
			case 'user:add':
				await addUserCommand(io, await database(), first, flags.has('--admin'));
				break;
			case 'user:reset-password':
				await resetPasswordCommand(io, await database(), first);
				break;
			case 'opml:import':
				await opmlImportCommand(io, await database(), first, second);
				break;
			case 'opml:export':
				await opmlExportCommand(io, await database(), first);
				break;
			case 'migrate-to-postgres':
				await migrateToPostgresCommand(io, config, config.DATABASE_URL);
				break;
			default:
				io.err(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
				return 2;
		}
		return 0;
	} catch (err) {
		if (!(err instanceof CliError)) throw err;
		io.err(err.message);
		return 1;
	} finally {
		await (await opened?.catch(() => undefined))?.close();
	}
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
	process.exitCode = await runCli(process.argv.slice(2));
}
