import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/auth/passwords';
import { findUserByUsername } from '../../../server/auth/users-repo';
import { runCli } from '../../../server/cli/index';
import type { CliIo } from '../../../server/cli/cli-io';
import { loadConfig } from '../../../server/config';
import { openStore } from '../../../server/db/open-store';
import { FIXTURES_DIR, SHARED_FEEDS_DIR } from '../../support/feed-server';
import { makeDataDir, testDatabaseEnv } from '../../support/test-server';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const FEED = path.join(FIXTURES_DIR, 'formats', 'rss-2.0.rss');
const NOT_A_FEED = path.join(FIXTURES_DIR, 'discover', 'page.html');

function fakeIo(stdin = '') {
	const out: string[] = [];
	const err: string[] = [];
	const io: CliIo = { readStdin: async () => stdin, out: (t) => out.push(t), err: (t) => err.push(t) };
	return { io, out, err };
}

describe('npm run cli', () => {
	let dataDir: string;
	let env: NodeJS.ProcessEnv;
	beforeEach(async () => {
		dataDir = makeDataDir();
		env = { DATA_DIR: dataDir, ...(await testDatabaseEnv()) };
	});
	afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

	const run = async (argv: string[], stdin = '') => {
		const { io, out, err } = fakeIo(stdin);
		const code = await runCli(argv, io, env);
		return { code, out: out.join('\n'), err: err.join('\n') };
	};
	/** The user as the CLI left it in the database. */
	const findUser = async (username: string) => {
		const { store } = await openStore(loadConfig(env));
		try {
			return (await findUserByUsername(store, username))!;
		} finally {
			await store.close();
		}
	};

	it('parse prints the normalized feed as JSON; a non-feed exits non-zero with a clear message', async () => {
		const ok = await run(['parse', FEED]);
		expect(ok.code).toBe(0);
		const feed = JSON.parse(ok.out);
		expect(feed.title).toBeTruthy();
		expect(feed.entries.length).toBeGreaterThan(0);
		expect(feed.entries[0]).toHaveProperty('guid');

		const bad = await run(['parse', NOT_A_FEED]);
		expect(bad.code).toBe(1);
		expect(bad.err).toMatch(/not a feed/i);
		expect((await run(['parse', path.join(dataDir, 'nope.xml')])).err).toMatch(/no such file/);
	});

	it.runIf(fs.existsSync(SHARED_FEEDS_DIR))(
		'parse handles the whole shared corpus; unrecognized.rss is not a feed',
		async () => {
			const files = fs
				.readdirSync(SHARED_FEEDS_DIR, { recursive: true, encoding: 'utf8' })
				.filter((f) => /\.(rss|atom|xml|json)$/.test(f));
			expect(files.length).toBeGreaterThan(30);
			for (const file of files) {
				const res = await run(['parse', path.join(SHARED_FEEDS_DIR, file)]);
				if (file.endsWith('unrecognized.rss')) {
					expect(res.code, file).toBe(1);
					expect(res.err).toMatch(/not a feed/i);
				} else {
					expect(res.code, `${file}: ${res.err}`).toBe(0);
					expect(JSON.parse(res.out).title, file).toBeTypeOf('string');
				}
			}
		}
	);

	it('runs as a process through tsx, with exit codes', () => {
		const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
		const ok = spawnSync(tsx, ['server/cli/index.ts', 'parse', FEED], {
			cwd: ROOT,
			env: { ...process.env, ...env },
			encoding: 'utf8'
		});
		expect(ok.status).toBe(0);
		expect(JSON.parse(ok.stdout).entries.length).toBeGreaterThan(0);
		const bad = spawnSync(tsx, ['server/cli/index.ts', 'parse', NOT_A_FEED], {
			cwd: ROOT,
			env: { ...process.env, ...env },
			encoding: 'utf8'
		});
		expect(bad.status).toBe(1);
		expect(bad.stderr).toMatch(/not a feed/i);
	});

	it('parse on a directory or an unreadable file prints one clear line, not a stack trace', async () => {
		const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
		const directory = spawnSync(tsx, ['server/cli/index.ts', 'parse', dataDir], {
			cwd: ROOT,
			env: { ...process.env, ...env },
			encoding: 'utf8'
		});
		expect(directory.status).toBe(1);
		expect(directory.stderr.trim().split('\n')).toEqual([`${dataDir} is a directory: give the path of one feed file`]);

		// A Unix socket exists but cannot be read as a file (even by root, who can read any file mode).
		const socketPath = path.join(dataDir, 'feed.sock');
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(socketPath, resolve));
		try {
			const unreadable = await run(['parse', socketPath]);
			expect(unreadable.code).toBe(1);
			expect(unreadable.err).toMatch(new RegExp(`^cannot read ${socketPath}: \\S`));
			expect(unreadable.err.split('\n')).toHaveLength(1);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('user:add reads the password from stdin; user:reset-password changes it', async () => {
		expect((await run(['user:add', 'ann', '--admin', '--password-stdin'], 'first password\n')).code).toBe(0);
		const ann = await findUser('ann');
		expect(ann.is_admin).toBe(1);
		expect(await verifyPassword('first password', ann.password_hash)).toBe(true);

		expect((await run(['user:add', 'ANN'], 'another password')).err).toMatch(/taken/);
		expect((await run(['user:add', 'shorty'], 'short')).code).toBe(1);
		expect((await run(['user:add', 'nopass'], '')).err).toMatch(/standard input/);

		expect((await run(['user:reset-password', 'ann'], 'second password\n')).code).toBe(0);
		expect(await verifyPassword('second password', (await findUser('ann')).password_hash)).toBe(true);
		expect((await run(['user:reset-password', 'nobody'], 'whatever123')).err).toMatch(/no user/);
	});

	it("opml:import and opml:export round-trip a user's subscriptions", async () => {
		await run(['user:add', 'ann'], 'first password');
		const file = path.join(dataDir, 'in.opml');
		fs.writeFileSync(
			file,
			`<opml version="2.0"><head/><body><outline text="News"><outline text="A" xmlUrl="https://a.test/feed"/></outline>
			<outline text="B" xmlUrl="https://b.test/feed"/></body></opml>`
		);
		const imported = await run(['opml:import', 'ann', file]);
		expect(imported.code).toBe(0);
		expect(JSON.parse(imported.out)).toMatchObject({ added: 2, skipped: 0, failed: 0 });
		const exported = await run(['opml:export', 'ann']);
		expect(exported.out).toContain('<outline text="News"');
		expect(exported.out).toContain('xmlUrl="https://a.test/feed"');
		expect((await run(['opml:export', 'nobody'])).code).toBe(1);
	});

	it('prints usage for an unknown command', async () => {
		const res = await run(['frobnicate']);
		expect(res.code).toBe(2);
		expect(res.err).toMatch(/usage/);
	});
});
