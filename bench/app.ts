/**
 * `app`, in Chromium against the built app: (1) the time the app's own code (applyPullPage, Dexie) takes to
 * apply an initial pull of 20,000 entries, pages downloaded beforehand, beside two floors (see
 * bench/app/apply-pages.ts); (2) the time from navigation to the first rendered reader (sidebar and an entry row)
 * served by the service worker while offline; (3) the gzipped size of the JavaScript the reader's app shell
 * loads. Also the app's own full first sync of that reader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { PROTOCOL_VERSION } from '#shared/sync';
import { startTestServer, type TestServer } from '../tests/support/test-server';
import { BENCH_PASSWORD } from './support/accounts';
import { builtAppCopy } from './support/built-app';
import { bundleApply } from './support/bundle-apply';
import { launchChromium } from './support/chromium';
import { postJson } from './support/raw-http';
import { finish, runMain, say } from './support/report';
import { HEAVY_READER, seedReader } from './support/seed-reader';
import { startStaticServer } from './support/static-server';
import { median, round, summarize } from './support/stats';
import type { Browser } from 'playwright-core';
import type { SessionResponse } from '#shared/api';
import type { ApplyKind } from './app/apply-pages';

const APPLY_RUNS = 3;
const OFFLINE_RUNS = 5;
const ENTRIES = HEAVY_READER.feeds * HEAVY_READER.entriesPerFeed;

/** Every page of a first pull, as the server sends them, to replay in the browser. */
async function pullPages(server: TestServer, token: string): Promise<Buffer[]> {
	const pages: Buffer[] = [];
	const clientId = `bench-app-${Date.now()}`;
	let cookie: string | null = null;
	for (let hasMore = true; hasMore;) {
		const res = await postJson(server.url, '/api/sync/pull', token, {
			protocolVersion: PROTOCOL_VERSION,
			clientId,
			cookie
		});
		if (res.status !== 200) throw new Error(`pull: ${res.status}`);
		const page = JSON.parse(res.body) as { cookie: string; hasMore: boolean };
		pages.push(Buffer.from(res.body));
		cookie = page.cookie;
		hasMore = page.hasMore;
	}
	return pages;
}

type BenchApply = (urls: string[], userId: number, kind: ApplyKind) => Promise<{ applyMs: number; entries: number }>;

async function measureApply(browser: Browser, pages: Buffer[]): Promise<Record<ApplyKind, number[]>> {
	const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-apply-'));
	const documents = new Map<string, Buffer | string>([
		['/index.html', '<!doctype html><meta charset="utf-8"><script type="module" src="/apply.js"></script>'],
		['/apply.js', fs.readFileSync(await bundleApply(bundleDir))]
	]);
	pages.forEach((body, i) => documents.set(`/pages/${i}.json`, body));
	const origin = await startStaticServer(documents);
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.goto(`${origin.url}/index.html`);
		await page.waitForFunction(() => 'benchApply' in globalThis);
		const urls = pages.map((_, i) => `/pages/${i}.json`);
		const times: Record<ApplyKind, number[]> = { app: [], floor: [], bare: [] };
		const kinds: ApplyKind[] = ['app', 'floor', 'bare'];
		for (let run = 0; run < APPLY_RUNS; run += 1) {
			// Each kind takes each place in the order once: a run is slower after one that left more to clean up.
			for (const kind of [...kinds.slice(run % 3), ...kinds.slice(0, run % 3)]) {
				const result = await page.evaluate(
					([urls, userId, kind]) =>
						(globalThis as unknown as { benchApply: BenchApply }).benchApply(urls, userId, kind),
					[urls, 1000 + run, kind] as const
				);
				if (result.entries !== ENTRIES) throw new Error(`${kind}: ${result.entries} entries, expected ${ENTRIES}`);
				times[kind].push(result.applyMs);
				say(
					`${kind} apply ${run + 1}`,
					`${round(result.applyMs)} ms for ${result.entries} entries in ${pages.length} pages`
				);
			}
		}
		return times;
	} finally {
		await context.close();
		await origin.close();
		fs.rmSync(bundleDir, { recursive: true, force: true });
	}
}

/**
 * Milliseconds from the navigation's start (the page's own clock) until the reader is rendered: the sidebar and
 * an entry row with its content. Checked with plain selectors on each animation frame: Playwright's role
 * locators cost the page seconds of its main thread with 500 feeds on screen, which would be measured too.
 */
async function readerRenderedAt(page: Page): Promise<number> {
	const handle = await page.waitForFunction(
		() =>
			document.querySelector('nav[aria-label="Feeds"]') !== null &&
			document.querySelector('ul[aria-label^="Entries in "] button.entry:not([disabled])') !== null &&
			performance.now(),
		undefined,
		{ polling: 'raf', timeout: 120_000 }
	);
	return (await handle.jsonValue()) as number;
}

/** Entries in the signed-in user's IndexedDB database, counted with the bare IndexedDB API. */
function storedEntries(page: Page, userId: number): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('entries')) return resolve((db.close(), 0));
					const count = db.transaction('entries').objectStore('entries').count();
					count.onsuccess = () => resolve((db.close(), count.result));
					count.onerror = () => reject(count.error);
				};
			}),
		`tidings-user-${userId}`
	);
}

async function measureShell(browser: Browser, server: TestServer, admin: SessionResponse, buildDir: string) {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	try {
		const page = await context.newPage();
		await page.goto(`${server.url}/login`);
		await page.getByLabel('Username').fill(admin.user.username);
		await page.getByLabel('Password').fill(BENCH_PASSWORD);
		const start = performance.now();
		await page.getByRole('button', { name: 'Sign in' }).click();
		await readerRenderedAt(page);
		// The app's own first sync is done when every entry is stored on the device.
		while ((await storedEntries(page, admin.user.id)) < ENTRIES) await sleep(250);
		const firstSyncMs = performance.now() - start;
		say('app first sync', `${round(firstSyncMs)} ms to sign in, pull and store ${ENTRIES} entries`);
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

		// The scripts a start of the reader loads (the service worker itself is not part of the page).
		const scripts = new Set<string>();
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (request.resourceType() === 'script' && url.pathname.endsWith('.js')) scripts.add(url.pathname);
		});
		await page.reload();
		await readerRenderedAt(page);
		await page.waitForLoadState('networkidle');
		const shellFiles = [...scripts].filter((p) => p !== '/service-worker.js');
		const gzipBytes = shellFiles.reduce(
			(sum, p) => sum + zlib.gzipSync(fs.readFileSync(path.join(buildDir, p))).length,
			0
		);
		say('shell JS', `${shellFiles.length} files, ${round(gzipBytes / 1024)} KB gzipped`);

		await context.setOffline(true);
		const offline: number[] = [];
		for (let run = 0; run < OFFLINE_RUNS; run += 1) {
			await page.goto(`${server.url}/`, { waitUntil: 'commit' });
			offline.push(await readerRenderedAt(page));
			say(`offline start ${run + 1}`, `${round(offline.at(-1)!)} ms`);
		}
		return { firstSyncMs, shellFiles, gzipBytes, offline };
	} finally {
		await context.close();
	}
}

runMain(async () => {
	const buildDir = builtAppCopy();
	const server = await startTestServer({ env: { BUILD_DIR: buildDir, LOG_LEVEL: 'warn' } });
	const browser = await launchChromium();
	try {
		const { admin } = await seedReader(server, HEAVY_READER);
		const pages = await pullPages(server, admin.token);
		const apply = await measureApply(browser, pages);
		const shell = await measureShell(browser, server, admin, buildDir);
		finish(
			'app',
			{
				apply_20k_ms: round(median(apply.app)),
				apply_floor_ms: round(median(apply.floor)),
				apply_bare_ms: round(median(apply.bare)),
				offline_start_ms: round(median(shell.offline)),
				shell_js_kb_gz: round(shell.gzipBytes / 1024, 1),
				first_sync_ms: round(shell.firstSyncMs)
			},
			{
				entries: ENTRIES,
				pages: pages.length,
				pageMegabytes: round(pages.reduce((s, p) => s + p.length, 0) / 2 ** 20),
				applyMs: summarize(apply.app),
				floorMs: summarize(apply.floor),
				bareMs: summarize(apply.bare),
				offlineStartMs: summarize(shell.offline),
				shellFiles: shell.shellFiles,
				chromium: browser.version()
			}
		);
	} finally {
		await browser.close();
		await server.close();
		fs.rmSync(buildDir, { recursive: true, force: true });
	}
});
