import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

/** tests/support/offline-dns.mjs, for the Node processes the tests start. */
const OFFLINE_DNS = new URL('./tests/support/offline-dns.mjs', import.meta.url).href;

/**
 * Server tests that the server-pg project leaves out, SQLite by nature: backups, WAL checkpoints, a busy database
 * file, migrations and prepared statements of SQLite, its store. The other files check through the store and run
 * on both; a case of theirs that is SQLite's own is skipped on PostgreSQL in the file (it.skipIf).
 */
const SQLITE_ONLY = [
	'tests/server/db/busy-database.test.ts',
	'tests/server/db/backup.test.ts',
	'tests/server/db/checkpointer.test.ts',
	'tests/server/db/migrate.test.ts',
	'tests/server/db/sqlite-store.test.ts',
	'tests/server/db/statements.test.ts'
];

/**
 * Server tests that never open the backend under test (parsing, sanitizing, fetching, scheduling, and the
 * deployment checks, whose server processes are SQLite ones): the server-pg project would run them unchanged.
 */
const NO_DATABASE = [
	'tests/server/auth/passwords.test.ts',
	'tests/server/deploy/**',
	'tests/server/feeds/corpus.test.ts',
	'tests/server/feeds/fetch.test.ts',
	'tests/server/feeds/liberal-parse.test.ts',
	'tests/server/feeds/parse.test.ts',
	'tests/server/feeds/sanitize.test.ts',
	'tests/server/feed-engine/parse-pool.test.ts',
	'tests/server/feed-engine/schedule-policy.test.ts'
];

export default defineConfig({
	plugins: [sveltekit()],
	server: { proxy: { '/api': 'http://localhost:3000' } },
	test: {
		// vitest's default, cores − 1, is one file at a time on two cores; most files wait on server processes,
		// PostgreSQL or Chromium, so two at once keep both cores busy.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		// expect.poll waits for an event (a sync, a render, a write); its default of 1 s is a deadline that a
		// loaded machine misses. Polls end as soon as they hold, so a passing test is no slower.
		expect: { poll: { timeout: 10_000 } },
		// Full-cost hashes (server/auth/passwords.ts) took two minutes of the run; the tests of that cost opt out.
		// NODE_OPTIONS carries offline-dns.mjs into the server, CLI and worker processes the tests start.
		env: {
			TEST_FAST_PASSWORD_HASHES: 'true',
			NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${OFFLINE_DNS}`].filter(Boolean).join(' ')
		},
		setupFiles: ['tests/support/offline-dns.mjs'],
		projects: [
			{
				extends: true,
				test: {
					name: 'server',
					environment: 'node',
					globalSetup: ['tests/support/build-server.ts', 'tests/support/postgres-setup.ts'],
					include: ['tests/server/**/*.test.ts', 'server/**/*.test.ts', 'src/lib/shared/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'server-pg',
					environment: 'node',
					globalSetup: ['tests/support/build-server.ts', 'tests/support/postgres-setup.ts'],
					include: ['tests/server/**/*.test.ts'],
					// The PostgreSQL tests of db/pg and cluster/ make their own databases, in the server project.
					exclude: ['tests/server/db/pg/**', 'tests/server/cluster/**', ...SQLITE_ONLY, ...NO_DATABASE],
					env: { TEST_BACKEND: 'postgres' },
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				plugins: [svelteTesting()],
				test: {
					name: 'app',
					environment: 'jsdom',
					include: ['tests/app/**/*.test.ts', 'src/**/*.test.ts'],
					exclude: ['src/lib/shared/**'],
					setupFiles: ['tests/app/setup.ts'],
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'reliability',
					environment: 'node',
					globalSetup: ['tests/support/build-server.ts', 'tests/support/postgres-setup.ts'],
					include: ['tests/reliability/**/*.test.ts'],
					// Crash and chaos runs restart real server processes; SOAK=1 makes every count much larger.
					testTimeout: process.env.SOAK ? 3_600_000 : 240_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					globalSetup: ['tests/support/build-server.ts'],
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 120_000,
					hookTimeout: 300_000
				}
			}
		]
	}
});
