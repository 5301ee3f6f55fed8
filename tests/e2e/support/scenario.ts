import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, newContext } from './browser';
import { startStack, type Stack } from './stack';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'test-results');

export interface Scenario {
	browser: Browser;
	stack: Stack;
	context: BrowserContext;
	page: Page;
	/** What the page printed as errors, shown when a scenario fails. */
	consoleErrors: string[];
}

/**
 * Registers the hooks of a test file: one browser for the file; for each scenario a fresh server, feed server and
 * browser context. A failing scenario leaves a screenshot in test-results/failures and prints the page's errors.
 */
export function useScenario(options: { env?: Record<string, string>; context?: BrowserContextOptions } = {}): Scenario {
	const s = { consoleErrors: [] as string[] } as Scenario;
	beforeAll(async () => {
		s.browser = await launchBrowser();
	});
	afterAll(async () => {
		await s.browser?.close();
	});
	beforeEach(async () => {
		s.consoleErrors = [];
		s.stack = await startStack(options.env);
		s.context = await newContext(s.browser, options.context);
		s.page = await s.context.newPage();
		watchErrors(s, s.page);
		s.context.on('page', (page) => watchErrors(s, page));
	});
	afterEach(async ({ task }) => {
		if (task.result?.state === 'fail') {
			const dir = path.join(RESULTS_DIR, 'failures');
			fs.mkdirSync(dir, { recursive: true });
			const file = path.join(dir, `${task.name.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`);
			await s.page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
			console.error(`screenshot: ${file}\npage errors:\n${s.consoleErrors.join('\n') || '(none)'}`);
		}
		await s.context?.close();
		await s.stack?.close();
	});
	return s;
}

function watchErrors(s: Scenario, page: Page): void {
	page.on('console', (message) => {
		if (message.type() === 'error') s.consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => s.consoleErrors.push(String(error)));
}
