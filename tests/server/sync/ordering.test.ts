import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyBetween, keysBetween, ORDER_KEY_REKEY_LENGTH } from '#shared/order-keys';
import { setupAdmin } from '../../support/accounts';
import { value } from '../../support/rows';
import { startTestServer, type TestServer } from '../../support/test-server';
import { newId, TestDevice } from './sync-client';

let server: TestServer;
let device: TestDevice;

beforeEach(async () => {
	server = await startTestServer();
	device = new TestDevice(server, (await setupAdmin(server)).token);
});
afterEach(() => server.close());

interface Row {
	id: string;
	folder_id: string | null;
	order_key: string;
	version: number;
}
const subscriptionRows = () =>
	server.store.all<Row>('SELECT id, folder_id, order_key, version FROM subscriptions ORDER BY order_key, id');
const currentVersion = async () => (await value(server.store, 'SELECT value FROM sync_seq'))!;
const folderVersions = () => server.store.all('SELECT id, version FROM folders ORDER BY id');

/** A folder with `count` subscriptions, keyed in order. */
async function folderWith(count: number): Promise<{ folderId: string; ids: string[]; keys: string[] }> {
	const folderId = newId();
	const keys = keysBetween(null, null, count);
	const ids = keys.map(() => newId());
	await device.send(
		{ name: 'folder.create', args: { folderId, name: 'Many', orderKey: 'a0' } },
		...ids.map((subscriptionId, i) => ({
			name: 'subscription.create' as const,
			args: { subscriptionId, url: `https://feeds.example.test/${i}.xml`, folderId, orderKey: keys[i]! }
		}))
	);
	return { folderId, ids, keys };
}

describe('ordering', () => {
	it("the predecessor's bug: moving one of 200 feeds into another folder is one mutation that changes one row", async () => {
		const { ids } = await folderWith(200);
		const target = newId();
		await device.send({ name: 'folder.create', args: { folderId: target, name: 'Other', orderKey: 'a1' } });
		const before = await currentVersion();
		const foldersBefore = await folderVersions();

		const moved = ids[137]!;
		const res = await device.send({
			name: 'subscription.update',
			args: { subscriptionId: moved, folderId: target, orderKey: keyBetween(null, null) }
		});

		expect(res.results).toEqual([{ id: 203, status: 'applied' }]);
		const changed = (await subscriptionRows()).filter((r) => r.version > before);
		expect(changed).toEqual([expect.objectContaining({ id: moved, folder_id: target, version: before + 1 })]);
		expect(await folderVersions()).toEqual(foldersBefore);
		expect(await currentVersion()).toBe(before + 1);
	});

	it('50 pushes in parallel from 50 devices of one user all succeed: no busy database, no 401', async () => {
		const { ids, keys } = await folderWith(50);
		const devices = ids.map(() => new TestDevice(server, device.token));
		const responses = await Promise.all(
			devices.map((d, i) =>
				d.push(
					d.number([
						{
							name: 'subscription.update',
							args: { subscriptionId: ids[i]!, orderKey: keyBetween(keys[i]!, keys[i + 1] ?? null) }
						},
						{ name: 'settings.update', args: { settings: { offlineDays: i + 1 } } }
					])
				)
			)
		);
		expect(responses.map((r) => r.status)).toEqual(devices.map(() => 200));
		for (const res of responses) {
			expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		}
		expect(await value(server.store, 'SELECT count(*) FROM sync_clients WHERE last_mutation_id = 2')).toBe(50);
		expect((await subscriptionRows()).map((r) => r.id)).toEqual(ids);
		expect(fs.readFileSync(server.logFile, 'utf8')).not.toMatch(/SQLITE_BUSY|unauthenticated/);
	});

	it('re-keys a sibling list when a key grows too long, keeping the order (ties broken by id)', async () => {
		const { folderId, ids } = await folderWith(5);
		// Two subscriptions with the same key: the order between them is by id.
		const tied = [newId(), newId()];
		await device.send(
			...tied.map((subscriptionId, i) => ({
				name: 'subscription.create' as const,
				args: { subscriptionId, url: `https://tied.example.test/${i}`, folderId, orderKey: 'Zz' }
			}))
		);
		const order = (await subscriptionRows()).map((r) => r.id);
		expect(order.slice(0, 2)).toEqual([...tied].sort());

		// Repeated inserts just after the third row (ids[0]) make the key longer each time.
		const rowsBefore = await subscriptionRows();
		let key = rowsBefore[2]!.order_key;
		const next = rowsBefore[3]!.order_key;
		while (key.length <= ORDER_KEY_REKEY_LENGTH) key = keyBetween(key, next);
		const moved = ids[4]!;
		const before = await currentVersion();
		await device.send({ name: 'subscription.update', args: { subscriptionId: moved, orderKey: key } });

		const rows = await subscriptionRows();
		const expectedOrder = [...order.slice(0, 3), moved, ...order.slice(3).filter((id) => id !== moved)];
		expect(rows.map((r) => r.id)).toEqual(expectedOrder);
		expect(Math.max(...rows.map((r) => r.order_key.length))).toBeLessThanOrEqual(4);
		for (const row of rows) expect(row.version).toBeGreaterThan(before);
	});

	it('rejects malformed order keys as invalid arguments', async () => {
		const res = await device.push(
			device.number([{ name: 'folder.create', args: { folderId: newId(), name: 'x', orderKey: 'a0' } }]).map((m) => ({
				...m,
				args: { ...(m.args as object), orderKey: 'a00' }
			}))
		);
		expect(res.body.results).toEqual([expect.objectContaining({ status: 'rejected', code: 'invalid_args' })]);
	});
});
