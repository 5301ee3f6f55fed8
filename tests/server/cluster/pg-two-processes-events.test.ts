import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '#shared/api';
import { PASSWORD } from '../../support/accounts';
import { call } from '../../support/http';
import { freshPostgresDatabase } from '../../support/postgres-database';
import { startServerProcess, type ServerProcess } from '../../support/server-process';

/** Reads a server-sent-events stream until `needle` has come `count` times. */
async function openStream(url: string, token: string) {
	const controller = new AbortController();
	const res = await fetch(`${url}/api/sync/events`, {
		headers: { authorization: `Bearer ${token}` },
		signal: controller.signal
	});
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	return {
		status: res.status,
		async waitFor(needle: string, count = 1) {
			while (text.split(needle).length - 1 < count) {
				const { value, done } = await reader.read();
				if (done) throw new Error(`stream ended before "${needle}": ${text}`);
				text += decoder.decode(value, { stream: true });
			}
		},
		close: () => controller.abort()
	};
}

/** Two server processes on one PostgreSQL database: a push on one nudges an event stream open on the other. */
describe('event streams across server processes (PostgreSQL)', () => {
	const dirs: string[] = [];
	let a: ServerProcess;
	let b: ServerProcess;
	let session: SessionResponse;

	beforeAll(async () => {
		const DATABASE_URL = await freshPostgresDatabase('events');
		const start = () => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-events-'));
			dirs.push(dir);
			return startServerProcess({ DATABASE_URL, DATA_DIR: dir, MEDIA_PROXY: 'off' });
		};
		a = await start();
		b = await start();
		const res = await call<SessionResponse>(a.url, 'POST', '/api/setup', {
			body: { username: 'admin', password: PASSWORD }
		});
		expect(res.status).toBe(201);
		session = res.body;
	});

	afterAll(async () => {
		for (const server of [a, b]) {
			server?.child.kill('SIGTERM');
			await server?.exited;
		}
		for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('a push on one process nudges the stream open on the other', async () => {
		const stream = await openStream(b.url, session.token);
		try {
			expect(stream.status).toBe(200);
			await stream.waitFor('retry:');
			const push = await call(a.url, 'POST', '/api/sync/push', {
				token: session.token,
				body: {
					protocolVersion: 1,
					clientId: 'two-process-1',
					mutations: [{ id: 1, name: 'settings.update', args: { settings: { theme: 'dark' } } }]
				}
			});
			expect(push.status).toBe(200);
			await stream.waitFor('event: change');
		} finally {
			stream.close();
		}
	});
});
