import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { MAX_BACKOFF_SETTING } from '../../../src/lib/sync/backoff';

/** Debian's Chromium: browser downloads (`npx playwright install`) are not possible where the suite runs. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// Tests never reach the internet: every host name but the local servers' fails to resolve.
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'
];

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A browser with an on-disk profile. Contexts of `launchBrowser()` are incognito, and Chromium never offers to
 * install an app from an incognito window, so the installability check needs this one.
 */
export async function launchProfileBrowser(
	options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-e2e-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		args: CHROMIUM_ARGS,
		viewport: { width: 1440, height: 900 },
		...options
	});
	await shortBackoffs(context);
	context.setDefaultTimeout(15_000);
	return {
		context,
		async close() {
			await context.close();
			fs.rmSync(profile, { recursive: true, force: true });
		}
	};
}

/** Sync retries and event-stream reconnects wait at most this long in scenarios (a minute in the shipped app). */
export const E2E_MAX_BACKOFF_MS = 2000;

/** A fresh profile for one scenario: its own IndexedDB, service workers and caches. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
	await shortBackoffs(context);
	context.setDefaultTimeout(15_000);
	return context;
}

/** Before any page script runs, so the app's sync engine starts with the short cap. */
async function shortBackoffs(context: BrowserContext): Promise<void> {
	await context.addInitScript(([key, ms]) => globalThis.localStorage?.setItem(key, String(ms)), [
		MAX_BACKOFF_SETTING,
		E2E_MAX_BACKOFF_MS
	] as const);
}
