import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { proxy: { '/api': 'http://localhost:3000' } },
	test: {
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
					hookTimeout: 300_000,
					fileParallelism: false
				}
			}
		]
	}
});
