import type { Page } from 'playwright-core';

/**
 * Presses Tab until focus comes back to where it started (or `limit` presses) and answers a short name for each
 * element that got focus: its aria-label, its label, or its text.
 */
export async function tabThrough(page: Page, limit = 400): Promise<string[]> {
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	const names: string[] = [];
	let first: string | null = null;
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			if (!el || el === document.body) return null;
			const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
			const name = el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? el.getAttribute('placeholder') ?? '';
			const path: string[] = [];
			for (let node: Element | null = el; node; node = node.parentElement) {
				path.push(`${node.tagName}:${[...(node.parentElement?.children ?? [])].indexOf(node)}`);
			}
			return { name: name.replace(/\s+/g, ' ').trim(), id: path.join('/') };
		});
		if (!focused) continue;
		if (focused.id === first) break;
		first ??= focused.id;
		names.push(focused.name);
	}
	return names;
}
