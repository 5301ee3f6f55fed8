import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupAdmin } from '../../support/accounts';
import { call } from '../../support/http';
import { value } from '../../support/rows';
import { startTestServer, type TestServer } from '../../support/test-server';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;
const folderId = newId();
const otherFolderId = newId();
const subscriptionId = newId();

beforeEach(async () => {
	server = await startTestServer();
	device = new TestDevice(server, (await setupAdmin(server)).token);
	await device.send(
		{ name: 'folder.create', args: { folderId, name: 'One', orderKey: 'a0' } },
		{ name: 'folder.create', args: { folderId: otherFolderId, name: 'Two', orderKey: 'a1' } },
		{ name: 'subscription.create', args: { subscriptionId, url: 'https://x.example.test/f', folderId, orderKey: 'a0' } }
	);
});
afterEach(() => server.close());

const patch = (path: string, body: unknown) => call(server.url, 'PATCH', path, { token: device.token, body });

describe('REST for scripts', () => {
	it('PATCH /api/subscriptions/:id moves, reorders and renames in one write, answering the row', async () => {
		const res = await patch(`/api/subscriptions/${subscriptionId}`, {
			folderId: otherFolderId,
			orderKey: 'a5',
			title: 'T'
		});
		expect(res.status).toBe(200);
		expect(res.body.subscription).toMatchObject({
			id: subscriptionId,
			folderId: otherFolderId,
			orderKey: 'a5',
			title: 'T'
		});
		const pulled = await device.pullAll();
		expect(pulled[0]!.subscriptions).toEqual([res.body.subscription]);
		expect(pulled[0]!.lastMutationId).toBe(3);
	});

	it('a folder that does not exist means the top level, as for the mutation', async () => {
		const res = await patch(`/api/subscriptions/${subscriptionId}`, { folderId: newId() });
		expect(res.status).toBe(200);
		expect(res.body.subscription.folderId).toBeNull();
	});

	it('PATCH /api/folders/:id renames and reorders', async () => {
		const res = await patch(`/api/folders/${folderId}`, { name: 'Renamed', orderKey: 'a9' });
		expect(res.status).toBe(200);
		expect(res.body.folder).toEqual({ id: folderId, name: 'Renamed', orderKey: 'a9' });
	});

	it('answers 404 for unknown ids and 400 for bad input, changing nothing', async () => {
		const before = await server.store.all('SELECT * FROM subscriptions ORDER BY id');
		const cases = await Promise.all([
			patch(`/api/subscriptions/${newId()}`, { title: 'x' }),
			patch('/api/subscriptions/not-an-id', { title: 'x' }),
			patch(`/api/folders/${newId()}`, { name: 'x' }),
			patch(`/api/subscriptions/${subscriptionId}`, {}),
			patch(`/api/subscriptions/${subscriptionId}`, { orderKey: 'not a key!' }),
			patch(`/api/subscriptions/${subscriptionId}`, { folderId: 'nope' }),
			patch(`/api/subscriptions/${subscriptionId}`, { feedId: 3 }),
			patch(`/api/folders/${folderId}`, { name: '' })
		]);
		expect(cases.map((r) => r.status)).toEqual([404, 404, 404, 400, 400, 400, 400, 400]);
		for (const res of cases) expect(res.body.error.code).toMatch(/^(not_found|invalid_request)$/);
		expect(await server.store.all('SELECT * FROM subscriptions ORDER BY id')).toEqual(before);
	});

	it('nudges the user after a change', async () => {
		let nudges = 0;
		const userId = (await value(server.store, 'SELECT id FROM users'))!;
		server.deps.bus.subscribe(userId, () => nudges++);
		await patch(`/api/folders/${folderId}`, { name: 'Renamed' });
		expect(nudges).toBe(1);
	});
});
