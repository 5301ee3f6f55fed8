import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '#shared/api';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { serverCluster, type ServerCluster } from '../../support/server-cluster';
import type { ServerProcess } from '../../support/server-process';

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
	let cluster: ServerCluster;
	let a: ServerProcess;
	let b: ServerProcess;
	let session: SessionResponse;

	beforeAll(async () => {
		cluster = await serverCluster('events');
		a = await cluster.start();
		b = await cluster.start();
		session = await setupAdmin(a);
	});

	afterAll(() => cluster?.stop());

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
