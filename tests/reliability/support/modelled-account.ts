import { expect } from 'vitest';
import type { Store } from '../../../server/db/sql';
import { subscribe } from '../../../src/lib/actions';
import type { SessionResponse } from '#shared/api';
import { PASSWORD } from '../../support/accounts';
import { call } from '../../support/http';
import type { ModelledAccount } from './convergence';
import { Device } from './device';
import { addEntries } from './server-state';
import { Actor, UserModel } from './sync-model';

export interface AccountWithActors extends ModelledAccount {
	actors: Actor[];
	tokens: string[];
}

export interface AccountOptions {
	username: string;
	/** Where accounts are made (straight to the server). */
	apiUrl: string;
	/** Where the devices send their sync requests (the server, or a proxy in front of it). */
	deviceUrl: string;
	/** The server's database, to add entries as a feed refresh would. */
	store: Store;
	devices: number;
	entries: number;
	random: () => number;
	fetchFor?: (label: string) => typeof fetch;
	timeoutMs?: number;
}

/**
 * Signs a new user up (sign-up must be open), signs in `devices` devices, subscribes the first to a feed with
 * `entries` entries, and gives each device an actor with its own share of the entries.
 */
export async function createModelledAccount(options: AccountOptions): Promise<AccountWithActors> {
	const { username, apiUrl } = options;
	const credentials = { username, password: PASSWORD };
	const signup = await call<SessionResponse>(apiUrl, 'POST', '/api/auth/signup', { body: credentials });
	if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
	const model = new UserModel();
	const devices: Device[] = [];
	const tokens: string[] = [];
	for (let d = 0; d < options.devices; d++) {
		const session =
			d === 0
				? signup.body
				: (await call<SessionResponse>(apiUrl, 'POST', '/api/auth/login', { body: credentials })).body;
		tokens.push(session.token);
		const label = `${username}-${d}`;
		const device = new Device(label, options.deviceUrl, options.fetchFor?.(label) ?? fetch, options.timeoutMs);
		await device.signIn(session);
		devices.push(device);
	}
	// A closed port of this machine: nothing is ever fetched from outside the test.
	const feedUrl = `http://127.0.0.1:9/${username}-base.xml`;
	const baseId = await subscribe(devices[0]!.db, feedUrl, null);
	model.state.subscriptions[baseId] = { title: null, folderId: null };
	expect(await devices[0]!.sync()).toBe('synced');
	const entryIds = await addEntries(options.store, feedUrl, options.entries);
	model.addEntries(entryIds);
	for (const device of devices) expect(await device.sync()).toBe('synced');
	const actors = devices.map(
		(device, d) =>
			new Actor(
				device,
				model,
				entryIds.filter((_, i) => i % options.devices === d),
				options.random
			)
	);
	return { userId: signup.body.user.id, model, devices, actors, tokens };
}
