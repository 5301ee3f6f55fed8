import { keysBetween } from '#shared/order-keys';
import type { FloorWrite } from './floor-repo';
import type { MutationInput } from './sync-client';

/**
 * The mutations a reading session produces, half moves of a feed (subscription.update with a new order key)
 * and half read marks (entry.setRead of one entry), each with its floor write: the same row change.
 */
export class MutationMix {
	#turn = 0;
	readonly #keys: string[];

	constructor(
		readonly subscriptionIds: string[],
		readonly entryIds: number[]
	) {
		this.#keys = keysBetween(null, null, subscriptionIds.length);
	}

	next(n: number): { mutations: MutationInput[]; floor: FloorWrite[] } {
		const mutations: MutationInput[] = [];
		const floor: FloorWrite[] = [];
		for (let i = 0; i < n; i += 1) {
			const turn = this.#turn++;
			if (turn % 2 === 0) {
				const subscriptionId = this.subscriptionIds[(turn / 2) % this.subscriptionIds.length]!;
				// A key that changes every round: a real write, never a no-op.
				const orderKey = this.#keys[(turn * 7 + 3) % this.#keys.length]!;
				mutations.push({ name: 'subscription.update', args: { subscriptionId, orderKey } });
				floor.push({ kind: 'subscription', subscriptionId, orderKey });
			} else {
				const entryId = this.entryIds[((turn - 1) / 2) % this.entryIds.length]!;
				const read = Math.floor(turn / this.entryIds.length) % 2 === 0;
				mutations.push({ name: 'entry.setRead', args: { entryIds: [entryId], read } });
				floor.push({ kind: 'entryState', entryId, read });
			}
		}
		return { mutations, floor };
	}
}
