/**
 * `media`, in Chromium against the built app and the real server: 500 unread entries with one 50 KB image each
 * (on another local origin, through the media proxy). After the app starts under its service worker, the images
 * are fetched ahead in the background; measured: the time until all are cached, the bytes kept against the
 * budget, and the page's long tasks (PerformanceObserver 'longtask') while that runs, of which none may pass
 * 50 ms for the reading to stay responsive.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiSetupAdmin } from '../tests/e2e/support/api';
import { queryOne } from '../tests/e2e/support/server-db';
import { seedPush, smallFeed, subscribeTo } from '../tests/e2e/support/seed';
import { signInInUi, syncIndicator } from '../tests/e2e/support/ui';
import { startFeedServer } from '../tests/support/feed-server';
import { makePng } from '../tests/support/png';
import { startServerProcess } from '../tests/support/server-process';
import { builtAppCopy } from './support/built-app';
import { launchChromium } from './support/chromium';
import { finish, runMain, say } from './support/report';
import { round } from './support/stats';

const ENTRIES = 500;
/** 130 x 128 random pixels: about 50 KB that no compression shrinks. */
const IMAGE = makePng(130, 128, { noise: true });
const BUDGET_BYTES = 200 * 1024 * 1024;
const LONG_TASK_LIMIT_MS = 50;

interface Window {
	longTasks: { start: number; duration: number }[];
}

runMain(async () => {
	const buildDir = builtAppCopy();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-media-'));
	const feeds = await startFeedServer();
	const server = await startServerProcess({ DATA_DIR: dataDir, BUILD_DIR: buildDir, ALLOW_PRIVATE_FEEDS: 'true' });
	const browser = await launchChromium();
	try {
		const items = Array.from({ length: ENTRIES }, (_, i) => {
			feeds.setFeed(`/img/${i}.png`, IMAGE, 'image/png');
			return {
				guid: `m${i}`,
				title: `Entry ${i}`,
				html: `<p>Entry ${i}</p><img src="${feeds.url}/img/${i}.png" alt="">`
			};
		});
		feeds.setFeed('/many-pictures.rss', smallFeed('Many pictures', items));
		const admin = await apiSetupAdmin(server.url);
		await seedPush(server.url, admin.token, [subscribeTo(`${feeds.url}/many-pictures.rss`)]);
		const databasePath = path.join(dataDir, 'tidings.db');
		for (let n = 0; n < ENTRIES;) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			n = fs.existsSync(databasePath)
				? (queryOne<{ n: number }>(databasePath, 'SELECT count(*) AS n FROM entries')?.n ?? 0)
				: 0;
		}

		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addInitScript(() => {
			const tasks: { start: number; duration: number }[] = [];
			(window as unknown as Window).longTasks = tasks;
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
			}).observe({ type: 'longtask', buffered: true });
		});
		const page = await context.newPage();
		await signInInUi(page, server.url, 'admin');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
		// The first sync ran before the worker was in control; this start is the one that fetches ahead.
		await page.reload();
		await syncIndicator(page)
			.getByText(/Synced/)
			.waitFor({ timeout: 60_000 });
		const syncedAt = await page.evaluate(() => performance.now());
		const startedAt = Date.now();
		let cached = 0;
		while (cached < ENTRIES) {
			await new Promise((resolve) => setTimeout(resolve, 250));
			// The index's count, not the cache's keys: listing 500 cached requests is itself a long task on the page.
			cached = await page.evaluate(async () =>
				// Opening a database that does not exist yet would create it empty, under the service worker's feet.
				!(await indexedDB.databases()).some((d) => d.name === 'tidings-media')
					? 0
					: new Promise<number>((resolve) => {
							const open = indexedDB.open('tidings-media');
							open.onsuccess = () => {
								const request = open.result.transaction('images').objectStore('images').count();
								request.onsuccess = () => {
									open.result.close();
									resolve(request.result);
								};
							};
						})
			);
			if (Date.now() - startedAt > 300_000) throw new Error(`only ${cached} of ${ENTRIES} images cached in 5 minutes`);
		}
		const prefetchMs = Date.now() - startedAt;
		const { bytes, tasks } = await page.evaluate(async () => {
			const db = await new Promise<IDBDatabase>((resolve) => {
				const open = indexedDB.open('tidings-media');
				open.onsuccess = () => resolve(open.result);
			});
			const images = await new Promise<{ bytes: number }[]>((resolve) => {
				const request = db.transaction('images').objectStore('images').getAll();
				request.onsuccess = () => resolve(request.result as { bytes: number }[]);
			});
			db.close();
			return { bytes: images.reduce((sum, i) => sum + i.bytes, 0), tasks: (window as unknown as Window).longTasks };
		});
		const during = tasks.filter((t) => t.start >= syncedAt);
		const longest = Math.max(0, ...during.map((t) => t.duration));
		say('prefetch', `${ENTRIES} images in ${prefetchMs} ms (measured from the first sync after the start)`);
		say('kept', `${round(bytes / 2 ** 20, 1)} MiB of a ${BUDGET_BYTES / 2 ** 20} MiB budget`);
		say(
			'long tasks while fetching ahead',
			during.map((t) => round(t.duration))
		);
		say(
			'long tasks at start (app boot, before)',
			tasks.filter((t) => t.start < syncedAt).map((t) => round(t.duration))
		);
		finish(
			'media',
			{
				images: ENTRIES,
				prefetch_ms: prefetchMs,
				kept_mib: round(bytes / 2 ** 20, 1),
				within_budget: bytes <= BUDGET_BYTES,
				long_tasks_during: during.length,
				longest_task_ms: round(longest),
				responsive: longest <= LONG_TASK_LIMIT_MS
			},
			{ imageBytes: IMAGE.length, budgetBytes: BUDGET_BYTES, longTasks: tasks, syncedAt, chromium: browser.version() }
		);
		await context.close();
	} finally {
		await browser.close();
		server.child.kill('SIGTERM');
		await server.exited;
		await feeds.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
		fs.rmSync(buildDir, { recursive: true, force: true });
	}
});
