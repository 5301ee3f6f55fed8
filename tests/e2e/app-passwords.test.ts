import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario } from './support/scenario';
import { signInInUi } from './support/ui';

/** The settings section for native apps, in Chromium against the real server: make, use, revoke. */
describe('app passwords in the settings', () => {
	const s = useScenario();

	const clientLogin = (url: string, password: string) =>
		fetch(`${url}/api/greader/accounts/ClientLogin`, {
			method: 'POST',
			body: new URLSearchParams({ Email: 'admin', Passwd: password })
		});

	it('shows the address to paste and a new password once; the app signs in with it until it is revoked', async () => {
		const { page, stack } = s;
		await apiSetupAdmin(stack.url);
		await signInInUi(page, stack.url, 'admin');
		await page.goto(`${stack.url}/settings`);

		const section = page.getByRole('region', { name: 'Native apps (Google Reader API)' });
		expect(await section.getByTestId('reader-api-url').textContent()).toBe(`${stack.url}/api/greader`);
		await section.getByLabel(/Name of the new app password/).fill('Phone');
		await section.getByRole('button', { name: 'Make an app password' }).click();
		const password = (await section.getByTestId('new-app-password').textContent())!;
		expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect((await clientLogin(stack.url, password)).status).toBe(200);

		// Shown once: after a reload only the name is listed.
		await page.reload();
		await section.getByRole('button', { name: 'Revoke “Phone”' }).waitFor();
		expect(await section.getByTestId('new-app-password').count()).toBe(0);
		expect(await section.textContent()).not.toContain(password);

		await section.getByRole('button', { name: 'Revoke “Phone”' }).click();
		await section.getByRole('button', { name: 'Revoke “Phone”' }).waitFor({ state: 'detached' });
		expect((await clientLogin(stack.url, password)).status).toBe(401);
	});
});
