import { expect } from 'vitest';
import type { Sql } from '../../../server/db/sql';
import type { Device } from './device';
import { lastMutationIds, serverState } from './server-state';
import type { UserModel } from './sync-model';

export interface ModelledAccount {
	userId: number;
	model: UserModel;
	devices: Device[];
}

/** Syncs every device until a whole round succeeds with nothing left to push. */
export async function drain(devices: Device[], rounds = 4): Promise<void> {
	for (let round = 0; round < rounds; round++) {
		const outcomes = await Promise.all(devices.map((d) => d.sync()));
		const pending = await Promise.all(devices.map((d) => d.pending()));
		if (outcomes.every((o) => o === 'synced') && pending.every((p) => p === 0)) {
			// One more round so every device pulls what the last pushes of the others made.
			await Promise.all(devices.map((d) => d.sync()));
			return;
		}
	}
	throw new Error('the devices did not finish syncing without faults');
}

/**
 * A move between tied order keys also re-keys the tied neighbours (src/lib/actions/order.ts), which may be another
 * device's folders or feeds; when that device deleted one meanwhile, the server refuses the re-key as not found,
 * which changes nothing. Any other refusal means a lost or misapplied mutation.
 */
function unexpectedRejections(rejected: { name: string; code: string; args: unknown }[], model: UserModel) {
	return rejected.filter(({ name, code, args }) => {
		const { folderId, subscriptionId } = args as { folderId?: string; subscriptionId?: string };
		const deleted =
			(name === 'folder.reorder' && folderId !== undefined && !(folderId in model.state.folders)) ||
			(name === 'subscription.update' &&
				subscriptionId !== undefined &&
				!(subscriptionId in model.state.subscriptions));
		return !(code === 'not_found' && deleted);
	});
}

/**
 * Every device and the server hold exactly the model; each device kept its token, has nothing pending and had
 * nothing rejected but re-keys of what another device deleted; and the server processed exactly as many mutations per device as the device made.
 */
export async function expectConverged(server: Sql, accounts: ModelledAccount[]): Promise<void> {
	const stored = await lastMutationIds(server);
	for (const account of accounts) {
		expect(await serverState(server, account.userId), `server state of user ${account.userId}`).toEqual(
			account.model.state
		);
		for (const device of account.devices) {
			expect(device.token, `${device.label} kept its token`).not.toBeNull();
			expect(await device.pending(), `${device.label} outbox`).toBe(0);
			expect(unexpectedRejections(await device.rejected(), account.model), `${device.label} rejected`).toEqual([]);
			const clientId = (await device.db.meta.get('clientId'))?.value as string;
			const made = ((await device.db.meta.get('lastMutationId'))?.value as number | undefined) ?? 0;
			expect(stored.get(clientId), `${device.label}: the server's count of its mutations`).toBe(made);
			expect(await device.visibleState(), `${device.label} state`).toEqual(account.model.state);
		}
	}
}
