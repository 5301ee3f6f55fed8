import type { Locator, Page } from 'playwright-core';

/**
 * A mouse drag as a person does it: press on the handle, move in small steps (svelte-dnd-action starts a drag
 * only after the pointer moved), hover the target, release.
 */
export async function dragWithMouse(page: Page, handle: Locator, target: Locator, where: 'above' | 'below' = 'above') {
	await handle.scrollIntoViewIfNeeded();
	const from = await handle.boundingBox();
	if (!from) throw new Error('the drag handle is not visible');
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 + 8, { steps: 4 });
	const to = await target.boundingBox();
	if (!to) throw new Error('the drop target is not visible');
	const y = where === 'above' ? to.y + to.height * 0.25 : to.y + to.height * 0.75;
	await page.mouse.move(to.x + to.width / 2, y, { steps: 20 });
	await page.mouse.move(to.x + to.width / 2, y + 1, { steps: 2 });
	await page.mouse.up();
}

/** svelte-dnd-action's keyboard drag: focus the handle, Space picks it up, arrows move it, Space drops it. */
export async function dragWithKeyboard(page: Page, handle: Locator, keys: string[]) {
	await handle.focus();
	await page.keyboard.press('Space');
	for (const key of keys) await page.keyboard.press(key);
	await page.keyboard.press('Space');
}
