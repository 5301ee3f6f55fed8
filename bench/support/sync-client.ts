import { randomUUID } from 'node:crypto';
import { keysBetween } from '#shared/order-keys';
import { PROTOCOL_VERSION, type PullResponse, type PushResponse } from '#shared/sync';
import { call } from '../../tests/support/http';

export interface MutationInput {
	name: string;
	args: unknown;
}

/** One device of one user talking the sync protocol over HTTP, numbering its mutations 1, 2, 3... */
export class BenchClient {
	readonly clientId = `bench-${randomUUID()}`;
	#nextId = 1;

	constructor(
		readonly url: string,
		readonly token: string
	) {}

	/** Pushes the mutations in batches of at most 1000 (the protocol's limit); throws on anything but 200. */
	async push(mutations: MutationInput[]): Promise<PushResponse[]> {
		const responses: PushResponse[] = [];
		for (let start = 0; start < mutations.length; start += 1000) {
			const batch = mutations.slice(start, start + 1000).map((m) => ({ id: this.#nextId++, ...m }));
			const body = { protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, mutations: batch };
			const res = await call<PushResponse>(this.url, 'POST', '/api/sync/push', { token: this.token, body });
			if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`);
			const rejected = res.body.results.filter((r) => r.status === 'rejected');
			if (rejected.length) throw new Error(`push rejected: ${JSON.stringify(rejected.slice(0, 3))}`);
			responses.push(res.body);
		}
		return responses;
	}

	async pull(cookie: string | null, limit?: number): Promise<PullResponse> {
		const body = { protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, cookie, limit };
		const res = await call<PullResponse>(this.url, 'POST', '/api/sync/pull', { token: this.token, body });
		if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`);
		return res.body;
	}
}

export interface SeededFolder {
	folderId: string;
	subscriptionIds: string[];
	orderKeys: string[];
}

/** A folder holding one subscription per feed URL, in order, made through the real push endpoint. */
export async function seedFolder(client: BenchClient, feedUrls: string[]): Promise<SeededFolder> {
	const folderId = randomUUID();
	const orderKeys = keysBetween(null, null, feedUrls.length);
	const subscriptionIds = feedUrls.map(() => randomUUID());
	await client.push([
		{ name: 'folder.create', args: { folderId, name: 'Bench', orderKey: 'a0' } },
		...feedUrls.map((url, i) => ({
			name: 'subscription.create',
			args: { subscriptionId: subscriptionIds[i], url, folderId, orderKey: orderKeys[i] }
		}))
	]);
	return { folderId, subscriptionIds, orderKeys };
}
