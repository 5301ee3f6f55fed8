/**
 * `greader`: the Google Reader API over 100,000 entries (500 feeds of 200, 1 KB content, all unread), side by side
 * with the sync protocol serving the same data: `stream/items/ids` for the 10,000 newest unread ids (what Capy and
 * NetNewsWire ask) against pulling 10,000 entries, and `stream/items/contents` for 250 ids against one pull page of
 * 250 entries. Server time from the request log's responseTime; each figure is the median of several repetitions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PROTOCOL_VERSION, type PullResponse } from '#shared/sync';
import { startTestServer } from '../tests/support/test-server';
import { call } from '../tests/support/http';
import { postJson } from './support/raw-http';
import { finish, runMain, say } from './support/report';
import { seedReader } from './support/seed-reader';
import { serverTimes } from './support/server-log';
import { median, round, summarize } from './support/stats';
import { BenchClient } from './support/sync-client';

const SHAPE = { feeds: 500, entriesPerFeed: 200, contentBytes: 1024 };
const REPEATS = 7;
const IDS = 10_000;
const CONTENTS = 250;
const API = '/api/greader/reader/api/0';
const PULL = '/api/sync/pull';

async function reader(url: string, path: string, auth: string, body?: string): Promise<string> {
	const res = await fetch(`${url}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { Authorization: `GoogleLogin auth=${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
		body
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
	return text;
}

/** Pulls from no cookie until `entries` entries came, in pages of `limit`; returns the server's time summed. */
async function pullEntries(url: string, token: string, logFile: string, entries: number, limit: number) {
	const clientId = new BenchClient(url, token).clientId;
	const before = (await serverTimes(logFile, PULL)).length;
	let cookie: string | null = null;
	for (let got = 0; got < entries;) {
		const res = await postJson(url, PULL, token, { protocolVersion: PROTOCOL_VERSION, clientId, cookie, limit });
		const page = JSON.parse(res.body) as PullResponse;
		got += page.entries.length;
		cookie = page.cookie;
		if (!page.hasMore) break;
	}
	return (await serverTimes(logFile, PULL)).slice(before).reduce((sum, t) => sum + t, 0);
}

async function lastServerTime(logFile: string, path: string): Promise<number> {
	return (await serverTimes(logFile, path)).at(-1)!;
}

runMain(async () => {
	const server = await startTestServer({ env: { LOG_LEVEL: 'info' } });
	try {
		const { admin, seedMs } = await seedReader(server, SHAPE);
		const total = SHAPE.feeds * SHAPE.entriesPerFeed;
		say('seeded', `${total} entries in ${round(seedMs / 1000)} s`);
		// The seeding held the event loop for a minute: let the keep-alive connections that timed out meanwhile
		// close before the next request, or it may be sent on one the server is closing (ECONNRESET).
		await sleep(1000);
		const created = await call(server.url, 'POST', '/api/app-passwords', {
			token: admin.token,
			body: { name: 'bench' }
		});
		const login = await fetch(`${server.url}/api/greader/accounts/ClientLogin`, {
			method: 'POST',
			body: new URLSearchParams({ Email: 'admin', Passwd: created.body.password })
		});
		const auth = /Auth=(.+)/.exec(await login.text())![1]!;

		const idsPath = `${API}/stream/items/ids`;
		const contentsPath = `${API}/stream/items/contents`;
		const idsMs: number[] = [];
		const contentsMs: number[] = [];
		const pullIdsMs: number[] = [];
		const pullPageMs: number[] = [];
		for (let i = 0; i < REPEATS; i += 1) {
			const query = `?s=user/-/state/com.google/reading-list&xt=user/-/state/com.google/read&n=${IDS}&output=json`;
			const ids = (JSON.parse(await reader(server.url, idsPath + query, auth)) as { itemRefs: { id: string }[] })
				.itemRefs;
			if (ids.length !== IDS) throw new Error(`items/ids gave ${ids.length} ids`);
			idsMs.push(await lastServerTime(server.logFile, idsPath));

			// A spread of ids, as a client fetching what it has not seen yet asks for.
			const sample = Array.from({ length: CONTENTS }, (_, k) => ids[(k * 37 + i) % ids.length]!.id);
			const body = sample.map((id) => `i=${id}`).join('&');
			const contents = JSON.parse(await reader(server.url, contentsPath, auth, body)) as { items: unknown[] };
			if (contents.items.length !== CONTENTS) throw new Error(`items/contents gave ${contents.items.length} items`);
			contentsMs.push(await lastServerTime(server.logFile, contentsPath));

			pullIdsMs.push(await pullEntries(server.url, admin.token, server.logFile, IDS, 5000));
			pullPageMs.push(await pullEntries(server.url, admin.token, server.logFile, CONTENTS, CONTENTS));
			say(
				`run ${i + 1}`,
				`items/ids ${round(idsMs.at(-1)!)} ms (pull of ${IDS} ${round(pullIdsMs.at(-1)!)} ms), ` +
					`items/contents ${round(contentsMs.at(-1)!)} ms (pull page of ${CONTENTS} ${round(pullPageMs.at(-1)!)} ms)`
			);
		}
		finish(
			'greader',
			{
				ids_ms: round(median(idsMs)),
				pull_ids_ms: round(median(pullIdsMs)),
				ids_vs_pull: round(median(idsMs) / median(pullIdsMs)),
				contents_ms: round(median(contentsMs)),
				pull_page_ms: round(median(pullPageMs)),
				contents_vs_pull: round(median(contentsMs) / median(pullPageMs))
			},
			{
				entries: total,
				shape: SHAPE,
				ids: { n: IDS, serverMs: summarize(idsMs), pullServerMs: summarize(pullIdsMs) },
				contents: { n: CONTENTS, serverMs: summarize(contentsMs), pullServerMs: summarize(pullPageMs) }
			}
		);
	} finally {
		await server.close();
	}
});
