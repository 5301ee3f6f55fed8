import { expect } from 'vitest';
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

/**
 * svelte-dnd-action's keyboard drag: focus the handle, Space picks it up, each arrow moves it one place, Space
 * drops it. A key is pressed only after the previous one moved the item, as a person waits to see the move.
 */
export async function dragWithKeyboard(page: Page, handle: Locator, keys: ('ArrowUp' | 'ArrowDown')[]) {
	const position = () =>
		handle.evaluate((el) => {
			const item = el.closest('li')!;
			return [...item.parentElement!.children].indexOf(item);
		});
	await handle.focus();
	await page.keyboard.press('Space');
	for (const key of keys) {
		const before = await position();
		await page.keyboard.press(key);
		await expect.poll(position).toBe(before + (key === 'ArrowUp' ? -1 : 1));
	}
	await page.keyboard.press('Space');
}

/**
 * svelte-dnd-action's keyboard move into another list: Space picks the item up, Tab walks the focus forward until
 * it reaches the target list (focusing a list moves the item into it), Space drops it.
 */
export async function dragWithKeyboardToList(page: Page, handle: Locator, list: Locator, maxTabs = 200) {
	await handle.focus();
	await page.keyboard.press('Space');
	// Once the list gets focus the library moves the item in and focuses it there.
	const arrived = () => list.evaluate((el) => el.contains(document.activeElement));
	for (let i = 0; i < maxTabs && !(await arrived()); i++) await page.keyboard.press('Tab');
	expect(await arrived(), 'Tab never reached the list').toBe(true);
	await page.keyboard.press('Space');
}
