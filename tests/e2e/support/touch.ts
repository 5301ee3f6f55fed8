import type { Page } from 'playwright-core';

/**
 * A one-finger horizontal swipe through Chromium's input pipeline (the DevTools protocol), as a real touch screen
 * sends it: start, a few moves, end. Playwright's touchscreen only taps.
 */
export async function swipeHorizontally(page: Page, fromX: number, toX: number, y: number): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	try {
		const steps = 6;
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
		for (let i = 1; i <= steps; i++) {
			const x = fromX + ((toX - fromX) * i) / steps;
			await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + i }] });
		}
		await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	} finally {
		await cdp.detach();
	}
}
