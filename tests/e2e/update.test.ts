import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useScenario } from './support/scenario';

const MARKER = '<meta name="tidings-e2e-build" content="2">';

/**
 * Ships a new version into this stack's copy of the build: a new service worker (its version string changes)
 * and an index.html with a marker. Inline scripts stay as they are, so the server's CSP hashes still match.
 */
function shipNewVersion(buildDir: string): { oldVersion: string; newVersion: string } {
	const { version: oldVersion } = JSON.parse(fs.readFileSync(path.join(buildDir, '_app', 'version.json'), 'utf8')) as {
		version: string;
	};
	const newVersion = `${oldVersion}-e2e2`;
	const workerFile = path.join(buildDir, 'service-worker.js');
	const worker = fs.readFileSync(workerFile, 'utf8');
	expect(worker).toContain(oldVersion);
	fs.writeFileSync(workerFile, worker.replaceAll(oldVersion, newVersion));
	const indexFile = path.join(buildDir, 'index.html');
	fs.writeFileSync(indexFile, fs.readFileSync(indexFile, 'utf8').replace('<head>', `<head>${MARKER}`));
	return { oldVersion, newVersion };
}

describe('update', () => {
	const s = useScenario();

	it('offers a new version and applies it only when the person agrees', async () => {
		const { page, stack } = s;
		await page.goto(stack.url);
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
		const marker = page.locator('meta[name="tidings-e2e-build"]');
		expect(await marker.count()).toBe(0);

		const { oldVersion, newVersion } = shipNewVersion(stack.buildDir);
		await page.reload();
		const prompt = page.getByRole('status').filter({ hasText: 'Update available' });
		await prompt.waitFor({ timeout: 30_000 });
		// Until the person agrees, the old version keeps serving the page.
		expect(await marker.count()).toBe(0);
		expect(await page.evaluate(() => caches.keys())).toContain(`shell-${oldVersion}`);

		await Promise.all([
			page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
			prompt.getByRole('button', { name: 'Reload' }).click()
		]);
		await marker.waitFor({ state: 'attached' });
		await expect.poll(() => page.evaluate(() => caches.keys())).not.toContain(`shell-${oldVersion}`);
		expect(await page.evaluate(() => caches.keys())).toContain(`shell-${newVersion}`);
		expect(await prompt.count()).toBe(0);
	});
});
