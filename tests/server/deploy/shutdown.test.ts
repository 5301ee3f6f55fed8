import { describe, expect, it } from 'vitest';
import { call } from '../../support/http';
import { PASSWORD } from '../../support/accounts';
import { startServerProcess } from '../../support/server-process';
import { makeDataDir } from '../../support/test-server';

describe('graceful shutdown', () => {
	it('finishes in-flight requests on SIGTERM, then closes the database and exits 0', async () => {
		const dataDir = makeDataDir();
		const server = await startServerProcess({ DATA_DIR: dataDir, SESSION_SECRET: 'do-not-print-me' });
		expect(JSON.stringify(server.logs)).not.toContain('do-not-print-me');

		// Setup hashes a password (tens of milliseconds): it is still running when the signal arrives.
		const inFlight = call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } });
		await new Promise((resolve) => setTimeout(resolve, 5));
		server.child.kill('SIGTERM');

		const res = await inFlight;
		expect(res.status).toBe(201);
		expect(await server.exited).toBe(0);
		expect(server.logs.some((l) => l.msg === 'stopped')).toBe(true);

		const again = await startServerProcess({ DATA_DIR: dataDir });
		const status = await call(again.url, 'GET', '/api/setup/status');
		expect(status.body.needsSetup).toBe(false);
		again.child.kill('SIGINT');
		expect(await again.exited).toBe(0);
	});

	it('ends open event streams cleanly instead of waiting for them', async () => {
		const server = await startServerProcess({ DATA_DIR: makeDataDir() });
		const { token } = (
			await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } })
		).body as { token: string };
		const stream = await fetch(`${server.url}/api/sync/events?token=${token}`);
		expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
		const reader = stream.body!.getReader();
		await reader.read();

		server.child.kill('SIGTERM');
		let done = false;
		while (!done) done = (await reader.read()).done;
		expect(await server.exited).toBe(0);
	});
});
