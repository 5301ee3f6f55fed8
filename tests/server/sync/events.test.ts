import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeUserSessions } from '../../../server/auth/sessions-repo';
import { ChangeBus } from '../../../server/sync/change-bus';
import { changeEvents } from '../../../server/sync/change-events';
import { PASSWORD, setupAdmin, signupUser } from '../../support/accounts';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { newId, TestDevice } from './sync-client';

/** An open event stream: read it until some text arrives, close it. */
class EventStream {
	readonly #controller = new AbortController();
	#text = '';
	#reader?: ReadableStreamDefaultReader<Uint8Array>;
	status = 0;

	async open(url: string, headers: Record<string, string> = {}): Promise<this> {
		const res = await fetch(url, { headers, signal: this.#controller.signal });
		this.status = res.status;
		this.contentType = res.headers.get('content-type');
		this.#reader = res.body!.getReader();
		return this;
	}

	contentType: string | null = null;

	/** Reads until the stream's text contains `needle` `count` times. */
	async waitFor(needle: string, count = 1): Promise<string> {
		const decoder = new TextDecoder();
		while (this.#text.split(needle).length - 1 < count) {
			const { value, done } = await this.#reader!.read();
			if (done) throw new Error(`stream ended before "${needle}" came: ${this.#text}`);
			this.#text += decoder.decode(value, { stream: true });
		}
		return this.#text;
	}

	/** Everything the stream sent, once the server has closed it. */
	async readToEnd(): Promise<string> {
		const decoder = new TextDecoder();
		for (;;) {
			const { value, done } = await this.#reader!.read().catch(() => ({ value: undefined, done: true }));
			if (done) return this.#text;
			this.#text += decoder.decode(value, { stream: true });
		}
	}

	close(): void {
		this.#controller.abort();
	}
}

/** The real bus, telling when a stream's listener goes, so a test waits for that instead of polling. */
class WatchedBus extends ChangeBus {
	readonly #left = new EventEmitter();

	override subscribe(userId: number, listener: () => void): () => void {
		const unsubscribe = super.subscribe(userId, listener);
		return () => {
			unsubscribe();
			this.#left.emit('left');
		};
	}

	async noListenersFor(userId: number): Promise<void> {
		while (this.listenerCount(userId) > 0) await once(this.#left, 'left');
	}
}

describe('GET /api/sync/events', () => {
	let server: TestServer;
	let bus: WatchedBus;
	let token: string;
	let userId: number;

	beforeEach(async () => {
		bus = new WatchedBus();
		server = await startTestServer({ extend: () => ({ bus }) });
		const session = await setupAdmin(server);
		token = session.token;
		userId = session.user.id;
	});
	afterEach(() => server.close());

	it('nudges every open stream of the user after a push from any device, and only theirs', async () => {
		const phone = await new EventStream().open(`${server.url}/api/sync/events`, { Authorization: `Bearer ${token}` });
		const laptop = await new EventStream().open(`${server.url}/api/sync/events?token=${token}`);
		const bob = await signupUser(server, 'bob');
		const bobStream = await new EventStream().open(`${server.url}/api/sync/events?token=${bob.token}`);
		expect([phone.status, laptop.status, bobStream.status]).toEqual([200, 200, 200]);
		expect(phone.contentType).toMatch(/^text\/event-stream/);
		await phone.waitFor('retry:');

		await new TestDevice(server, token).send({
			name: 'folder.create',
			args: { folderId: newId(), name: 'x', orderKey: 'a0' }
		});
		expect(await phone.waitFor('event: change')).toContain('event: change\ndata: pull\n\n');
		await laptop.waitFor('event: change');

		await new TestDevice(server, bob.token).send({ name: 'settings.update', args: { settings: { hideRead: true } } });
		await bobStream.waitFor('event: change');
		await new TestDevice(server, token).send({ name: 'settings.update', args: { settings: { hideRead: true } } });
		await phone.waitFor('event: change', 2);
		await laptop.waitFor('event: change', 2);

		// Closing the server ends the streams, so each can be counted in full.
		await server.close();
		const count = (text: string) => text.split('event: change').length - 1;
		expect([
			count(await phone.readToEnd()),
			count(await laptop.readToEnd()),
			count(await bobStream.readToEnd())
		]).toEqual([2, 2, 1]);
	});

	it('removes its listener when the client goes away', async () => {
		const streams = await Promise.all(
			[1, 2, 3].map(() => new EventStream().open(`${server.url}/api/sync/events?token=${token}`))
		);
		await Promise.all(streams.map((s) => s.waitFor('retry:')));
		expect(server.deps.bus.listenerCount(userId)).toBe(3);
		for (const stream of streams) stream.close();
		await bus.noListenersFor(userId);
		expect(server.deps.bus.listenerCount(userId)).toBe(0);
	});

	it('answers 401 without a valid token, and never logs the query token', async () => {
		const none = await fetch(`${server.url}/api/sync/events`);
		expect(none.status).toBe(401);
		expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
		const wrong = await fetch(`${server.url}/api/sync/events?token=${'x'.repeat(43)}`);
		expect(wrong.status).toBe(401);
		const stream = await new EventStream().open(`${server.url}/api/sync/events?token=${token}`);
		await stream.waitFor('retry:');
		stream.close();
		await bus.noListenersFor(userId);
		expect(fs.readFileSync(server.logFile, 'utf8')).not.toContain(token);
	});

	describe('a session that ends closes its streams at once (issue 16, item 5)', () => {
		const open = async (t: string) => {
			const stream = await new EventStream().open(`${server.url}/api/sync/events?token=${t}`);
			await stream.waitFor('retry:');
			return stream;
		};
		const bobWithTwoDevices = async () => {
			const bob = await signupUser(server, 'bob');
			const login = await call(server.url, 'POST', '/api/auth/login', {
				body: { username: 'bob', password: PASSWORD }
			});
			return { id: bob.user.id, phone: bob.token, laptop: login.body.token as string };
		};
		const ended = (stream: EventStream) => stream.readToEnd();

		it('on sign-out: that device only', async () => {
			const bob = await bobWithTwoDevices();
			const [phone, laptop] = [await open(bob.phone), await open(bob.laptop)];
			expect((await call(server.url, 'POST', '/api/auth/logout', { token: bob.phone })).status).toBe(204);
			await ended(phone);
			expect(server.deps.bus.listenerCount(bob.id)).toBe(1);
			await new TestDevice(server, bob.laptop).send({
				name: 'settings.update',
				args: { settings: { hideRead: true } }
			});
			await laptop.waitFor('event: change');
			laptop.close();
		});

		it('on a password change: every other device', async () => {
			const bob = await bobWithTwoDevices();
			const [phone, laptop] = [await open(bob.phone), await open(bob.laptop)];
			const changed = await call(server.url, 'POST', '/api/auth/password', {
				token: bob.laptop,
				body: { currentPassword: PASSWORD, newPassword: 'another long password' }
			});
			expect(changed.status).toBe(204);
			await ended(phone);
			await new TestDevice(server, bob.laptop).send({
				name: 'settings.update',
				args: { settings: { hideRead: true } }
			});
			await laptop.waitFor('event: change');
			laptop.close();
		});

		it.each([
			['a password reset', 'POST', '/password', { password: 'reset by the admin' }],
			['disabling', 'PATCH', '', { disabled: true }],
			['deleting the user', 'DELETE', '', undefined]
		])('on %s by the admin: every device', async (_what, method, suffix, body) => {
			const bob = await bobWithTwoDevices();
			const streams = [await open(bob.phone), await open(bob.laptop)];
			const res = await call(server.url, method, `/api/admin/users/${bob.id}${suffix}`, { token, body });
			expect(res.status).toBe(204);
			await Promise.all(streams.map(ended));
			expect(server.deps.bus.listenerCount(bob.id)).toBe(0);
		});

		it('when the session was revoked elsewhere (another process): at the next nudge, which it does not get', async () => {
			const bob = await bobWithTwoDevices();
			const phone = await open(bob.phone);
			await revokeUserSessions(server.store, bob.id, null, Date.now());
			server.deps.bus.notify([bob.id]);
			expect(await ended(phone)).not.toContain('event: change');
		});
	});

	it('accepts the query token only on the events endpoint', async () => {
		const res = await fetch(`${server.url}/api/sync/pull?token=${token}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ protocolVersion: 1, clientId: 'client-1234', cookie: null })
		});
		expect(res.status).toBe(401);
	});
});

describe('the change-events handler', () => {
	it('sends heartbeats while the stream is open', async () => {
		const bus = new WatchedBus();
		const app = express();
		app.use((req, _res, next) => {
			req.auth = { userId: 7, username: 'u', isAdmin: false, sessionId: 1 };
			next();
		});
		app.get(
			'/events',
			changeEvents(bus, async () => true, 20)
		);
		const listener = app.listen(0, '127.0.0.1');
		await new Promise((resolve) => listener.once('listening', resolve));
		const { port } = listener.address() as AddressInfo;
		const stream = await new EventStream().open(`http://127.0.0.1:${port}/events`);
		expect(await stream.waitFor(': heartbeat', 2)).toContain(': heartbeat\n\n');
		stream.close();
		await bus.noListenersFor(7);
		listener.closeAllConnections();
		await new Promise((resolve) => listener.close(resolve));
	});
});
