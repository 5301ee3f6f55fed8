import { createHash } from 'node:crypto';
import { nextVersion } from '../../../server/db/version';
import type { CreatedAppPassword } from '#shared/app-passwords';
import { setupAdmin, signupUser } from '../../support/accounts';
import { call } from '../../support/http';
import type { TestServer } from '../../support/test-server';
import { feedIdOf, insertFeed } from '../sync/feed-fixtures';
import { newId, TestDevice } from '../sync/sync-client';

export const GREADER = '/api/greader';

export interface ReaderAnswer {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON, or undefined when it is not JSON. */
	json: unknown;
}

/** A Reader API client as native apps are: form bodies, GoogleLogin header, raw answers. */
export class ReaderClient {
	constructor(
		readonly server: TestServer,
		readonly auth: string | null,
		readonly base = GREADER
	) {}

	async request(
		method: 'GET' | 'POST',
		path: string,
		options: { query?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {}
	): Promise<ReaderAnswer> {
		const headers: Record<string, string> = { ...options.headers };
		if (this.auth) headers.Authorization ??= `GoogleLogin auth=${this.auth}`;
		const body = options.body === undefined ? undefined : String(options.body);
		if (body !== undefined) headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
		const url = `${this.server.url}${this.base}${path}${options.query ? `?${options.query}` : ''}`;
		const response = await fetch(url, { method, headers, body });
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, headers: response.headers, text, json };
	}

	get(path: string, query?: string) {
		return this.request('GET', path, { query });
	}

	post(path: string, body: string | URLSearchParams, query?: string) {
		return this.request('POST', path, { body, query });
	}
}

export async function createAppPassword(
	server: TestServer,
	token: string,
	name = 'phone'
): Promise<CreatedAppPassword> {
	const res = await call<CreatedAppPassword>(server.url, 'POST', '/api/app-passwords', { token, body: { name } });
	if (res.status !== 201) throw new Error(`app password: ${res.status} ${JSON.stringify(res.body)}`);
	return res.body;
}

/** ClientLogin as the clients post it; returns the Auth token. */
export async function clientLogin(server: TestServer, username: string, password: string): Promise<string> {
	const res = await new ReaderClient(server, null).post(
		'/accounts/ClientLogin',
		new URLSearchParams({ Email: username, Passwd: password })
	);
	const auth = /^Auth=(.+)$/m.exec(res.text)?.[1];
	if (res.status !== 200 || !auth) throw new Error(`ClientLogin: ${res.status} ${res.text}`);
	return auth;
}

export interface ReaderUser {
	username: string;
	token: string;
	device: TestDevice;
	appPassword: CreatedAppPassword;
	client: ReaderClient;
}

/** A signed-up user with one app password, signed in to the Reader API. */
export async function readerUser(server: TestServer, username: string, admin = false): Promise<ReaderUser> {
	const session = admin ? await setupAdmin(server, username) : await signupUser(server, username);
	const appPassword = await createAppPassword(server, session.token);
	const auth = await clientLogin(server, username, appPassword.password);
	return {
		username,
		token: session.token,
		device: new TestDevice(server, session.token),
		appPassword,
		client: new ReaderClient(server, auth)
	};
}

/** Subscribes through a sync push (the app's way), optionally in a folder it creates; returns the feed id. */
export async function subscribe(user: ReaderUser, url: string, folder?: { id: string; name: string }) {
	const mutations = [];
	if (folder)
		mutations.push({
			name: 'folder.create' as const,
			args: { folderId: folder.id, name: folder.name, orderKey: 'a0' }
		});
	mutations.push({
		name: 'subscription.create' as const,
		args: { subscriptionId: newId(), url, folderId: folder?.id ?? null, orderKey: 'a0' }
	});
	await user.device.send(...mutations);
	return await feedIdOf(user.device.server.store, url);
}

/**
 * Entries stored as the feed engine stores them (a version each), crawled one second apart from `crawledAt`
 * (ms), so crawl-time filters have something to tell apart. Returns their ids, oldest first.
 */
export async function addEntries(
	server: TestServer,
	url: string,
	count: number,
	crawledAt = 1_700_000_000_000
): Promise<number[]> {
	const store = server.store;
	const feedId = (await feedIdOf(store, url)) ?? (await insertFeed(store, url));
	return await store.transaction(async (tx) => {
		const ids: number[] = [];
		for (let i = 0; i < count; i++) {
			const guid = `${url}#${i}-${Math.random()}`;
			const content = `<p>Entry ${i} of ${url}</p>`;
			const hash = createHash('sha256').update(guid).digest('hex');
			const at = crawledAt + i * 1000;
			const enclosures = i === 0 ? '[{"url":"https://cdn.example.test/a.mp3","type":"audio/mpeg","length":123}]' : '[]';
			const row = await tx.get<{ id: number }>(
				`INSERT INTO entries (feed_id, guid, url, title, author, content, published_at, fetched_at, content_hash,
				 enclosures, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				[
					feedId,
					guid,
					`${url}/${i}`,
					`Entry ${i} & <co>`,
					i % 2 ? null : 'Ann',
					content,
					at - 5000,
					at,
					hash,
					enclosures,
					await nextVersion(tx)
				]
			);
			ids.push(row!.id);
		}
		return ids;
	});
}

/** The user's read and starred marks as stored, to compare before and after. */
export interface Mark {
	entry_id: number;
	read: number;
	starred: number;
}

export function marksOf(server: TestServer, username: string): Promise<Mark[]> {
	return server.store.all<Mark>(
		`SELECT entry_id, read, starred FROM entry_states WHERE user_id = (SELECT id FROM users WHERE username = ?)
		 ORDER BY entry_id`,
		[username]
	);
}
