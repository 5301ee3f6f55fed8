import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { configSchema, describeConfig, loadConfig } from '../../../server/config';
import { DEFAULT_MAX_BYTES } from '../../../server/feeds/fetch/safe-fetch';
import { workerHeapMb } from '../../../server/feeds/refresh/parse-off-thread';
import { SHUTDOWN_BUDGET_MS } from '../../../server/shutdown-budget';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

interface FlyConfig {
	kill_signal: string;
	kill_timeout: number;
	vm: { memory: string }[];
	env: Record<string, string>;
	mounts: { destination: string };
	http_service: {
		internal_port: number;
		min_machines_running: number;
		auto_stop_machines: string;
		checks: { path: string }[];
	};
}

describe('deployment files agree with the server', () => {
	const fly = parse(fs.readFileSync(path.join(ROOT, 'fly.toml'), 'utf8')) as unknown as FlyConfig;
	const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

	it('fly.toml routes to the port the server listens on and keeps the data on the volume', () => {
		const config = loadConfig(fly.env);
		expect(fly.http_service.internal_port).toBe(config.PORT);
		expect(config.PORT).toBe(configSchema.shape.PORT.parse(undefined));
		expect(fly.mounts.destination).toBe(fly.env.DATA_DIR);
		expect(config.databasePath).toBe(path.join(fly.mounts.destination, 'tidings.db'));
	});

	it('fly.toml keeps one machine running for the scheduler and checks /api/health', () => {
		expect(fly.http_service.min_machines_running).toBeGreaterThanOrEqual(1);
		expect(fly.http_service.auto_stop_machines).toBe('off');
		expect(fly.http_service.checks.map((c) => c.path)).toContain('/api/health');
	});

	it('the Dockerfile runs as a non-root user with data in a volume at DATA_DIR', () => {
		expect(dockerfile).toMatch(/^USER node$/m);
		expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
		expect(dockerfile).toMatch(/DATA_DIR=\/data/);
		expect(dockerfile).toMatch(/^FROM node:20-[\w-]+ AS build$/m);
	});

	it("fly.toml waits out the server's whole graceful shutdown before killing it", () => {
		expect(fly.kill_signal).toBe('SIGTERM');
		expect(fly.kill_timeout * 1000).toBeGreaterThanOrEqual(SHUTDOWN_BUDGET_MS);
		// node is PID 1 in exec form, so the signal reaches the server and not a shell that ignores it.
		expect(dockerfile).toMatch(/^CMD \["node", ("--[\w-]+", )*"dist\/index\.js"\]$/m);
		expect(dockerfile).not.toMatch(/^STOPSIGNAL (?!SIGTERM)/m);
	});

	it("the parse worker's heap limit fits the VM beside the idle server and eight fetched bodies", () => {
		const vmMb = Number.parseInt(fly.vm[0]!.memory, 10);
		// The compiled server idles under 130 MB (docs/performance.md); a one-core VM runs one parse worker.
		expect(130 + workerHeapMb(vmMb * 2 ** 20)).toBeLessThanOrEqual(vmMb * 0.7);
		// Eight refreshes at once hold at most eight bodies of the largest size fetched, one of them moved to the
		// worker: all of it stays under issue 16's 400 MB.
		const bodiesMb = (8 * DEFAULT_MAX_BYTES) / 2 ** 20;
		expect(130 + bodiesMb + workerHeapMb(vmMb * 2 ** 20)).toBeLessThanOrEqual(400);
	});

	it('the runtime image carries the compiled server and production dependencies only, no toolchain or sources', () => {
		const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
		expect(runtime).not.toMatch(/apt-get|g\+\+|python3|npm (ci|install)|tsx/);
		expect(runtime).not.toMatch(/COPY .*\/app\/(server|src)/);
		expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
		expect(dockerfile).toMatch(/npm prune --omit=dev/);
	});
});

describe('configuration', () => {
	it('has the documented defaults', () => {
		const config = loadConfig({});
		expect(config.PORT).toBe(3000);
		expect(config.HOST).toBe('0.0.0.0');
		expect(config.databasePath).toBe(path.resolve('data', 'tidings.db'));
		expect(config.ALLOW_PRIVATE_FEEDS).toBe(false);
		expect(config.REFRESH_INTERVAL_MINUTES).toBeUndefined();
	});

	it('says which variable is wrong', () => {
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => loadConfig({ ALLOW_PRIVATE_FEEDS: 'maybe' })).toThrow(/ALLOW_PRIVATE_FEEDS/);
	});

	it('masks anything that looks like a secret when printed', () => {
		const printed = describeConfig({ ...loadConfig({}), SESSION_SECRET: 'hunter2' } as never);
		expect(printed.SESSION_SECRET).toBe('***');
		expect(printed.PORT).toBe(3000);
	});

	it('takes a PostgreSQL DATABASE_URL, refuses anything else by name, and prints it without its password', () => {
		expect(loadConfig({}).DATABASE_URL).toBeUndefined();
		const url = 'postgres://tidings:hunter2@db.internal:5432/tidings';
		expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
		expect(loadConfig({ DATABASE_URL: 'postgresql:///tidings?host=/run/postgresql' }).DATABASE_URL).toBeDefined();
		for (const bad of ['mysql://db/tidings', 'db.internal:5432', 'postgres://', 'sqlite:///data/tidings.db']) {
			expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(/DATABASE_URL/);
			expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(/use postgres:\/\/user:password@host/);
		}
		const printed = describeConfig(loadConfig({ DATABASE_URL: url }));
		expect(printed.DATABASE_URL).toBe('postgres://tidings:***@db.internal:5432/tidings');
		expect(JSON.stringify(printed)).not.toContain('hunter2');
	});
});
