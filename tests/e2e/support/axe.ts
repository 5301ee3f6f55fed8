import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	targets: string[];
}

/**
 * axe-core's WCAG checks on the page as it is now. Injected through the DevTools protocol (page.evaluate), which
 * the app's Content-Security-Policy does not apply to, so the page under test keeps its real policy.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
	await page.evaluate(AXE_SOURCE);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
		interface AxeResults {
			violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
		}
		const results = await axe.run(document, { resultTypes: ['violations'] });
		return results.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(' '))
		}));
	});
}
