import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysBetween } from '#shared/order-keys';
import { MAX_PUSH_BYTES } from '#shared/sync';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { column, value } from '../../support/rows';
import { startTestServer, type TestServer } from '../../support/test-server';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;

beforeEach(async () => {
	server = await startTestServer();
	device = new TestDevice(server, (await setupAdmin(server)).token);
});
afterEach(() => server.close());

const folderNames = () => column(server.store, 'SELECT name FROM folders ORDER BY name');

describe('POST /api/sync/push', () => {
	it('applies mutations and answers each with its result', async () => {
		const body = await device.send({
			name: 'folder.create',
			args: { folderId: newId(), name: 'News', orderKey: 'a0' }
		});
		expect(body).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied' }] });
		expect(await folderNames()).toEqual(['News']);
	});

	it('answers a replayed push with duplicate for every id and changes nothing', async () => {
		const folderId = newId();
		const mutations = device.number([
			{ name: 'folder.create', args: { folderId, name: 'A', orderKey: 'a0' } },
			{ name: 'folder.rename', args: { folderId, name: 'B' } }
		]);
		const first = await device.push(mutations);
		const versionBefore = await value(server.store, 'SELECT value FROM sync_seq');
		const replay = await device.push(mutations);
		expect(first.body.lastMutationId).toBe(2);
		expect(replay.status).toBe(200);
		expect(replay.body).toEqual({
			lastMutationId: 2,
			results: [
				{ id: 1, status: 'duplicate' },
				{ id: 2, status: 'duplicate' }
			]
		});
		expect(await value(server.store, 'SELECT value FROM sync_seq')).toBe(versionBefore);
		expect(await folderNames()).toEqual(['B']);
	});

	it('answers a replayed refusal with the refusal, until the client pushes past it', async () => {
		const folderId = newId();
		const mutations = device.number([
			{ name: 'folder.rename', args: { folderId, name: 'Nowhere' } },
			{ name: 'folder.create', args: { folderId, name: 'A', orderKey: 'a0' } }
		]);
		const first = await device.push(mutations);
		expect(first.body.results[0]).toMatchObject({ id: 1, status: 'rejected', code: 'not_found' });
		const replay = await device.push(mutations);
		expect(replay.body.results).toEqual([
			{ id: 1, status: 'duplicate', firstStatus: 'rejected', code: 'not_found', message: 'folder not found' },
			{ id: 2, status: 'duplicate' }
		]);
		// Pushing from mutation 2 on says the client has the answer to 1.
		await device.push(mutations.slice(1));
		expect((await device.push(mutations)).body.results[0]).toEqual({ id: 1, status: 'duplicate' });
		expect(await value(server.store, 'SELECT count(*) FROM sync_rejections')).toBe(0);
	});

	it('rejects one invalid mutation among 500, applies the other 499, and goes on after it', async () => {
		const keys = keysBetween(null, null, 500);
		const mutations = device.number(
			keys.map((orderKey, i) => ({
				name: 'folder.create' as const,
				args: { folderId: newId(), name: i === 250 ? '' : `F${i}`, orderKey }
			}))
		);
		const res = await device.push(mutations);
		expect(res.status).toBe(200);
		expect(res.body.lastMutationId).toBe(500);
		const rejected = res.body.results.filter((r) => r.status === 'rejected');
		expect(rejected).toEqual([expect.objectContaining({ id: 251, status: 'rejected', code: 'invalid_args' })]);
		expect(res.body.results.filter((r) => r.status === 'applied')).toHaveLength(499);
		expect(await folderNames()).toHaveLength(499);
		const next = await device.send({ name: 'folder.create', args: { folderId: newId(), name: 'Z', orderKey: 'Zz' } });
		expect(next).toEqual({ lastMutationId: 501, results: [{ id: 501, status: 'applied' }] });
	});

	it('stops at a gap: of ids 1, 2, 4 only 1 and 2 apply', async () => {
		const create = (name: string) => ({ name: 'folder.create', args: { folderId: newId(), name, orderKey: 'a0' } });
		const res = await device.push([
			{ id: 1, ...create('one') },
			{ id: 2, ...create('two') },
			{ id: 4, ...create('four') }
		]);
		expect(res.body).toEqual({
			lastMutationId: 2,
			results: [
				{ id: 1, status: 'applied' },
				{ id: 2, status: 'applied' }
			]
		});
		expect(await folderNames()).toEqual(['one', 'two']);
	});

	it('rejects unknown mutation names on their own', async () => {
		const res = await device.push([
			{ id: 1, name: 'folder.explode', args: {} },
			{ id: 2, name: 'folder.create', args: { folderId: newId(), name: 'ok', orderKey: 'a0' } }
		]);
		expect(res.body.results).toEqual([
			expect.objectContaining({ id: 1, status: 'rejected', code: 'unknown_mutation' }),
			{ id: 2, status: 'applied' }
		]);
	});

	it('gives a client id to the first user who pushes with it: anyone else gets 403', async () => {
		await device.send({ name: 'folder.create', args: { folderId: newId(), name: 'mine', orderKey: 'a0' } });
		const { signupUser } = await import('../../support/accounts');
		const other = await signupUser(server, 'bob');
		const res = await call(server.url, 'POST', '/api/sync/push', {
			token: other.token,
			body: {
				protocolVersion: 1,
				clientId: device.clientId,
				mutations: [{ id: 2, name: 'folder.create', args: { folderId: newId(), name: 'theirs', orderKey: 'a0' } }]
			}
		});
		expect(res.status).toBe(403);
		expect(res.body.error.code).toBe('client_not_owned');
		expect(await folderNames()).toEqual(['mine']);
	});

	describe('malformed envelopes change nothing', () => {
		const valid = () => ({
			protocolVersion: 1,
			clientId: device.clientId,
			mutations: [{ id: 1, name: 'folder.create', args: { folderId: newId(), name: 'x', orderKey: 'a0' } }]
		});
		const expectNothingApplied = async () => {
			expect(await folderNames()).toEqual([]);
			expect(await value(server.store, 'SELECT count(*) FROM sync_clients')).toBe(0);
		};

		it('not JSON: 400', async () => {
			const res = await call(server.url, 'POST', '/api/sync/push', {
				token: device.token,
				rawBody: '{"protocolVersion":'
			});
			expect(res.status).toBe(400);
			expect(res.body.error.code).toBe('invalid_request');
			await expectNothingApplied();
		});

		it.each([
			['a wrong protocol version', { protocolVersion: 2 }],
			['a non-integer id', { mutations: [{ id: 1.5, name: 'folder.create', args: {} }] }],
			['a negative id', { mutations: [{ id: -1, name: 'folder.create', args: {} }] }],
			['no client id', { clientId: undefined }],
			['mutations not a list', { mutations: 'all of them' }]
		])('%s: 400', async (_what, patch) => {
			const res = await call(server.url, 'POST', '/api/sync/push', {
				token: device.token,
				body: { ...valid(), ...patch }
			});
			expect(res.status).toBe(400);
			expect(res.body.error.code).toBe('invalid_request');
			await expectNothingApplied();
		});

		it('a 10 MB body: 413', async () => {
			const body = { ...valid(), padding: 'x'.repeat(10 * 1024 * 1024) };
			const res = await call(server.url, 'POST', '/api/sync/push', { token: device.token, body });
			expect(res.status).toBe(413);
			expect(res.body.error.code).toBe('payload_too_large');
			await expectNothingApplied();
		});

		it('just over 1 MiB: 413', async () => {
			const body = { ...valid(), padding: 'x'.repeat(MAX_PUSH_BYTES) };
			const res = await call(server.url, 'POST', '/api/sync/push', { token: device.token, body });
			expect(res.status).toBe(413);
			expect(res.body.error.code).toBe('payload_too_large');
			await expectNothingApplied();
		});

		it('just over 1 MiB, gzipped to a few kilobytes: 413', async () => {
			const body = gzipSync(JSON.stringify({ ...valid(), padding: 'x'.repeat(MAX_PUSH_BYTES) }));
			const res = await fetch(`${server.url}/api/sync/push`, {
				method: 'POST',
				headers: {
					Authorization: `Bearer ${device.token}`,
					'Content-Type': 'application/json',
					'Content-Encoding': 'gzip'
				},
				body
			});
			expect(body.length).toBeLessThan(64 * 1024);
			expect(res.status).toBe(413);
			await expectNothingApplied();
		});

		it('1001 mutations: 413', async () => {
			const mutations = Array.from({ length: 1001 }, (_, i) => ({
				id: i + 1,
				name: 'settings.update',
				args: { settings: {} }
			}));
			const res = await call(server.url, 'POST', '/api/sync/push', {
				token: device.token,
				body: { ...valid(), mutations }
			});
			expect(res.status).toBe(413);
			await expectNothingApplied();
		});

		it('no token: 401', async () => {
			const res = await call(server.url, 'POST', '/api/sync/push', { body: valid() });
			expect(res.status).toBe(401);
			await expectNothingApplied();
		});
	});
});
