import { once } from 'node:events';
import http from 'node:http';
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

		// The server has taken the request in (it answered "100 Continue" to its headers) when the signal goes; the body
		// follows the signal, so the request is in flight through the whole shutdown.
		const request = http.request(`${server.url}/api/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Expect: '100-continue' }
		});
		const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
			request.once('response', resolve);
			request.once('error', reject);
		});
		request.flushHeaders();
		await once(request, 'continue');
		server.child.kill('SIGTERM');
		request.end(JSON.stringify({ username: 'admin', password: PASSWORD }));

		const res = await answered;
		res.resume();
		expect(res.statusCode).toBe(201);
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
