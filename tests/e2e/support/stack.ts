import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { startServerProcess, type ServerProcess } from '../../support/server-process';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
/** `npm test` builds the app into build/ before vitest runs; E2E_BUILD_DIR points at another build. */
const SOURCE_BUILD = path.resolve(process.env.E2E_BUILD_DIR ?? path.join(ROOT, 'build'));

/** One scenario's world: the built server as a child process on its own data, and the local feed server. */
export interface Stack {
	url: string;
	dataDir: string;
	databasePath: string;
	/** This stack's own copy of the build, which a scenario may change (the update scenario ships a new version). */
	buildDir: string;
	server: ServerProcess;
	feeds: FeedServer;
	close(): Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
	if (!fs.existsSync(path.join(SOURCE_BUILD, 'index.html'))) {
		throw new Error(`No built app in ${SOURCE_BUILD}: run \`npx vite build\` first (npm test does).`);
	}
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-'));
	const dataDir = path.join(root, 'data');
	const buildDir = path.join(root, 'build');
	fs.mkdirSync(dataDir);
	// A copy per scenario: a rebuild running elsewhere cannot change the app under a test, and a test may edit it.
	fs.cpSync(SOURCE_BUILD, buildDir, { recursive: true });
	const feeds = await startFeedServer();
	const server = await startServerProcess({
		DATA_DIR: dataDir,
		BUILD_DIR: buildDir,
		ALLOW_PRIVATE_FEEDS: 'true',
		TEST_FAULTS: 'true',
		...env
	});
	return {
		url: server.url,
		dataDir,
		databasePath: path.join(dataDir, 'tidings.db'),
		buildDir,
		server,
		feeds,
		async close() {
			server.child.kill('SIGTERM');
			await server.exited;
			await feeds.close();
			fs.rmSync(root, { recursive: true, force: true });
		}
	};
}
