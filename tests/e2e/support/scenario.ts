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

export interface ScenarioOptions {
	env?: Record<string, string>;
	context?: BrowserContextOptions;
	/** One server for all the file's scenarios, which then must not depend on each other's data. */
	shareStack?: boolean;
}

/**
 * Registers the hooks of a test file: one browser for the file; for each scenario a fresh server, feed server and
 * browser context. A failing scenario leaves a screenshot in test-results/failures and prints the page's errors.
 */
export function useScenario(options: ScenarioOptions = {}): Scenario {
	const s = { consoleErrors: [] as string[] } as Scenario;
	beforeAll(async () => {
		s.browser = await launchBrowser();
		if (options.shareStack) s.stack = await startStack(options.env);
	});
	afterAll(async () => {
		await s.browser?.close();
		if (options.shareStack) await s.stack?.close();
	});
	beforeEach(async () => {
		s.consoleErrors = [];
		if (!options.shareStack) s.stack = await startStack(options.env);
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
			for (const page of s.context?.pages() ?? []) {
				const name = page === s.page ? file : file.replace(/\.png$/, `-${s.context.pages().indexOf(page)}.png`);
				await page.screenshot({ path: name, fullPage: false }).catch(() => undefined);
			}
			console.error(`screenshot: ${file}\npage errors:\n${s.consoleErrors.join('\n') || '(none)'}`);
			console.error(describeServer(s.stack));
		}
		await s.context?.close();
		if (!options.shareStack) await s.stack?.close();
	});
	return s;
}

/** Whether the server still runs, and its last log lines, for a failing scenario's report. */
function describeServer(stack: Stack | undefined): string {
	if (!stack) return 'server: not started';
	const { child, logs } = stack.server;
	const state =
		child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`;
	const last = logs.slice(-15).map((entry) => JSON.stringify(entry));
	return `server: ${state}; last log lines:\n${last.join('\n')}`;
}

function watchErrors(s: Scenario, page: Page): void {
	page.on('console', (message) => {
		if (message.type() === 'error') s.consoleErrors.push(message.text());
	});
	page.on('pageerror', (error) => s.consoleErrors.push(String(error)));
}
