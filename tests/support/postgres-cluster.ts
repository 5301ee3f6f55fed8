import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresBinDir } from '../../scripts/ensure-postgres.mjs';

/** The cluster's superuser; trust authentication, which is enough for a cluster that lives as long as a test run. */
const SUPERUSER = 'tidings';
/** The system user the cluster runs as when the tests run as root, which PostgreSQL refuses. */
const CLUSTER_USER = 'tidings-pg';

export interface PostgresCluster {
	/** postgres://…@127.0.0.1:<port>/postgres, the maintenance database: make one per test file with createDatabase. */
	url: string;
	/** The directory of the cluster's unix socket (also its data's parent). */
	socketDir: string;
	stop(): Promise<void>;
}

interface RunAs {
	uid: number;
	gid: number;
}

/** Whom to run as: ourselves, or when we are root a system user made for it once. */
function clusterUser(): RunAs | null {
	if (process.getuid?.() !== 0) return null;
	const id = (flag: string) =>
		Number(execFileSync('id', [flag, CLUSTER_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		try {
			execFileSync('useradd', [
				'--system',
				'--user-group',
				'--no-create-home',
				'--shell',
				'/usr/sbin/nologin',
				CLUSTER_USER
			]);
		} catch {
			// Another project's setup of the same run may have made it a moment ago: `id` below tells.
		}
		return { uid: id('-u'), gid: id('-g') };
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer().once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Resolves when the postmaster says it accepts connections; rejects with its log when it exits first. */
function ready(child: ChildProcess): Promise<void> {
	return new Promise((resolve, reject) => {
		let log = '';
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes('database system is ready to accept connections')) {
				child.stderr!.off('data', onData);
				child.off('exit', onExit);
				// Keep draining, so a chatty server never blocks on a full pipe.
				child.stderr!.resume();
				resolve();
			}
		};
		const onExit = (code: number | null) => reject(new Error(`postgres exited with ${code}:\n${log}`));
		child.stderr!.on('data', onData);
		child.once('exit', onExit);
	});
}

/**
 * Starts a throwaway PostgreSQL cluster: initdb in a new temporary directory, then the postmaster on a free port
 * of 127.0.0.1 and a unix socket in that directory, as a non-root user. Tuned for tests, not durability (no
 * fsync). `stop()` shuts it down and removes the directory; it is also killed if this process exits first.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed: run `node scripts/ensure-postgres.mjs` (as root) first.');
	const runAs = clusterUser();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-pg-'));
	if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);
	const dataDir = path.join(dir, 'data');
	const spawnOptions = { ...runAs, cwd: dir, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
	await new Promise<void>((resolve, reject) => {
		const initdb = spawn(
			path.join(bin, 'initdb'),
			['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
			{ ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] }
		);
		let log = '';
		initdb.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
		initdb.once('error', reject);
		initdb.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}:\n${log}`))));
	});

	let child: ChildProcess | undefined;
	let port = 0;
	// The free port is found before postgres binds it, so another process may take it in between: try again.
	for (let attempt = 1; !child; attempt++) {
		port = await freePort();
		const candidate = spawn(
			path.join(bin, 'postgres'),
			[
				...['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'],
				...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
				// Every test file's pool and every server process the two-process tests start share this one cluster.
				...['-c', 'max_connections=300', '-c', 'shared_buffers=64MB']
			],
			{ ...spawnOptions, stdio: ['ignore', 'ignore', 'pipe'] }
		);
		try {
			await ready(candidate);
			child = candidate;
		} catch (error) {
			if (attempt >= 3) throw error;
		}
	}
	const running = child;

	const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
	const killOnExit = () => {
		running.kill('SIGKILL');
		removeDir();
	};
	process.once('exit', killOnExit);
	return {
		url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
		socketDir: dir,
		async stop() {
			process.off('exit', killOnExit);
			if (running.exitCode === null) {
				const exited = new Promise((resolve) => running.once('exit', resolve));
				// SIGINT is PostgreSQL's fast shutdown: roll back open transactions, disconnect clients, exit.
				running.kill('SIGINT');
				await exited;
			}
			removeDir();
		}
	};
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	return url.toString();
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/**
 * Creates a new database on the cluster of `serverUrl` and answers its URL: empty, or a copy of `template` (a
 * database nobody is connected to).
 */
export async function createDatabase(serverUrl: string, prefix = 'test', template?: string): Promise<string> {
	if (!IDENTIFIER.test(prefix)) throw new Error(`database prefix ${prefix} is not a plain identifier`);
	if (template !== undefined && !IDENTIFIER.test(template))
		throw new Error(`template ${template} is not a plain identifier`);
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
	} finally {
		await client.end();
	}
	return databaseUrl(serverUrl, name);
}
