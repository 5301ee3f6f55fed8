import { randomUUID } from 'node:crypto';
import type { Mutation } from '#shared/mutations';
import { PROTOCOL_VERSION, type PullResponse, type PushResponse } from '#shared/sync';
import { call, type JsonResponse } from '../../support/http';
import type { TestServer } from '../../support/test-server';

/** A device as the server sees it: a client id, a token, and the next mutation id. */
export class TestDevice<S extends Pick<TestServer, 'url'> = TestServer> {
	#nextId = 1;
	cookie: string | null = null;

	constructor(
		/** A test server, or any server by its URL (a server process). */
		readonly server: S,
		readonly token: string,
		/** Another device's id: the same device talking to another server process. */
		readonly clientId = `client-${randomUUID()}`
	) {}

	/** Numbers the mutations from this device's counter, as the app's outbox does. */
	number(mutations: Omit<Mutation, 'id'>[]): Mutation[] {
		return mutations.map((m) => ({ ...m, id: this.#nextId++ }) as Mutation);
	}

	push(mutations: { id: number; name: string; args: unknown }[]): Promise<JsonResponse<PushResponse>> {
		return call<PushResponse>(this.server.url, 'POST', '/api/sync/push', {
			token: this.token,
			body: { protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, mutations }
		});
	}

	/** Numbers and pushes; fails the test on anything but 200. */
	async send(...mutations: Omit<Mutation, 'id'>[]): Promise<PushResponse> {
		const res = await this.push(this.number(mutations));
		if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
		return res.body;
	}

	pullOnce(limit?: number): Promise<JsonResponse<PullResponse>> {
		return call<PullResponse>(this.server.url, 'POST', '/api/sync/pull', {
			token: this.token,
			body: { protocolVersion: PROTOCOL_VERSION, clientId: this.clientId, cookie: this.cookie, limit }
		});
	}

	/** Pulls every page from the current cookie, returning the pages. */
	async pullAll(limit?: number): Promise<PullResponse[]> {
		const pages: PullResponse[] = [];
		for (;;) {
			const res = await this.pullOnce(limit);
			if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.body)}`);
			pages.push(res.body);
			this.cookie = res.body.cookie;
			if (!res.body.hasMore) return pages;
		}
	}
}

export const newId = (): string => randomUUID();
