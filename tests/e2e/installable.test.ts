import { describe, expect, it } from 'vitest';
import { launchProfileBrowser } from './support/browser';
import { useScenario } from './support/scenario';

describe('installable', () => {
	const s = useScenario();

	it('passes Chromium installability check and a service worker controls the page', async () => {
		const { stack } = s;
		const profile = await launchProfileBrowser();
		try {
			const page = await profile.context.newPage();
			await page.goto(stack.url);
			// The first load registers the worker; it controls the page once it has claimed its clients.
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
			expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
				`${stack.url}/service-worker.js`
			);

			const cdp = await profile.context.newCDPSession(page);
			const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
			expect(manifest.url).toBe(`${stack.url}/manifest.webmanifest`);
			expect(manifest.errors).toEqual([]);
			const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
				installabilityErrors: { errorId: string; errorArguments: unknown[] }[];
			};
			expect(installabilityErrors).toEqual([]);

			// After a reload the page is still controlled: navigations go through the worker.
			await page.reload();
			expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		} finally {
			await profile.close();
		}
	});
});
