import type { Store } from '../../server/db/sql';
import { PROTOCOL_VERSION, type PullResponse } from '#shared/sync';
import { createAdmin, createUsers } from './accounts';
import type { LoadRequest } from './autocannon';
import { feedUrls } from './feed-urls';
import { subscribedEntryIds, subscribedFeedIds } from './floor-repo';
import { MutationMix } from './mutation-mix';
import { seedEntries } from './seed-entries';
import { BenchClient, seedFolder, type SeededFolder } from './sync-client';

/** The shape of `load` and `load-pg`: 64 devices of 16 users, a folder of 20 feeds of 50 entries each. */
export const LOAD_SHAPE = { users: 16, devicesPerUser: 4, feeds: 20, entriesPerFeed: 50, batch: 10 } as const;

export interface LoadDevice {
	client: BenchClient;
	folder: SeededFolder;
	entryIds: number[];
	cookie: string | null;
	/** Responses this device had during the load, to split the requests between the servers. */
	answered: number;
}

/** Push then pull, over and over, with this device's own mutation ids and cookie. */
export function deviceRequests(device: LoadDevice): LoadRequest[] {
	const mix = new MutationMix(device.folder.subscriptionIds, device.entryIds);
	let nextId = 1;
	const headers = { 'content-type': 'application/json', authorization: `Bearer ${device.client.token}` };
	return [
		{
			method: 'POST',
			path: '/api/sync/push',
			setupRequest: (request) => {
				const mutations = mix.next(LOAD_SHAPE.batch).mutations.map((m, i) => ({ id: nextId + i, ...m }));
				nextId += LOAD_SHAPE.batch;
				const body = { protocolVersion: PROTOCOL_VERSION, clientId: device.client.clientId, mutations };
				return { ...request, headers, body: JSON.stringify(body) };
			},
			onResponse: () => (device.answered += 1)
		},
		{
			method: 'POST',
			path: '/api/sync/pull',
			setupRequest: (request) => {
				const body = { protocolVersion: PROTOCOL_VERSION, clientId: device.client.clientId, cookie: device.cookie };
				return { ...request, headers, body: JSON.stringify(body) };
			},
			onResponse: (status, body) => {
				device.answered += 1;
				if (status === 200) device.cookie = (JSON.parse(body) as PullResponse).cookie;
			}
		}
	];
}

/**
 * 16 users, each with a folder of the same 20 feeds (50 entries each, written through `store`, the database the
 * servers share); 4 devices per user, fully synced. Device i belongs to user ⌊i / 4⌋ and talks to server
 * i mod n (the connection autocannon gives it, see runLoad), so with two servers each user has devices on both.
 */
export async function seedDevices(urls: string[], store: Store): Promise<LoadDevice[]> {
	const url = urls[0]!;
	const admin = await createAdmin(url);
	const users = await createUsers(url, admin, LOAD_SHAPE.users);
	const feeds = feedUrls(LOAD_SHAPE.feeds);
	const folders = await Promise.all(users.map((u) => seedFolder(new BenchClient(url, u.token), feeds)));
	const feedIds = await subscribedFeedIds(store, users[0]!.user.id);
	await seedEntries(store, feedIds, LOAD_SHAPE.entriesPerFeed, 1024);
	const entryIds = await Promise.all(users.map((u) => subscribedEntryIds(store, u.user.id, 1000)));
	const devices: LoadDevice[] = [];
	for (let i = 0; i < LOAD_SHAPE.users * LOAD_SHAPE.devicesPerUser; i += 1) {
		const u = Math.floor(i / LOAD_SHAPE.devicesPerUser);
		const client = new BenchClient(urls[i % urls.length]!, users[u]!.token);
		let cookie: string | null = null;
		for (let more = true; more;) {
			const page = await client.pull(cookie);
			cookie = page.cookie;
			more = page.hasMore;
		}
		devices.push({ client, folder: folders[u]!, entryIds: entryIds[u]!, cookie, answered: 0 });
	}
	return devices;
}
