import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SyncIndicator from '../../../src/lib/components/sync/SyncIndicator.svelte';
import SignInBanner from '../../../src/lib/components/reader/SignInBanner.svelte';
import { syncStatus } from '../../../src/lib/state/sync-status.svelte';

function setStatus(values: Partial<typeof syncStatus>) {
	Object.assign(syncStatus, {
		online: true,
		syncing: false,
		pendingCount: 0,
		lastSyncAt: null,
		lastError: null,
		rejected: [],
		...values
	});
}

afterEach(() => setStatus({}));

describe('the sync indicator', () => {
	it('says offline, how many changes wait, and that work goes on', async () => {
		setStatus({ online: false, pendingCount: 3, lastSyncAt: Date.now() - 5 * 60_000 });
		render(SyncIndicator);
		const summary = document.querySelector('summary')!;
		expect(summary.textContent).toContain('Offline');
		expect(summary.getAttribute('aria-label')).toMatch(/Offline, last synced 5 minutes ago/);
		expect(screen.getByText(/3 changes saved on this device, waiting to be sent/)).toBeTruthy();
		expect(screen.getByText(/changes are sent when the connection returns/)).toBeTruthy();
	});

	it('shows pending changes while online, then the last error with what to do', async () => {
		setStatus({ pendingCount: 2 });
		const { rerender } = render(SyncIndicator);
		expect(screen.getByText('2 pending')).toBeTruthy();
		setStatus({ pendingCount: 2, lastError: 'The server is having trouble; Tidings retries in 30 seconds.' });
		await rerender({});
		expect(screen.getByText('Sync problem')).toBeTruthy();
		expect(screen.getByText(/retries in 30 seconds/)).toBeTruthy();
	});

	it('lists changes the server refused, in words', () => {
		setStatus({
			rejected: [
				{
					seq: 1,
					mutationId: 7,
					name: 'subscription.create',
					args: {},
					code: 'invalid_args',
					message: 'not a URL',
					at: 1
				}
			]
		});
		render(SyncIndicator);
		expect(screen.getByText('Changes the server refused')).toBeTruthy();
		expect(screen.getByText('Subscribe to a feed: not a URL')).toBeTruthy();
	});

	it('syncs on request', async () => {
		const syncNow = vi.spyOn(syncStatus, 'syncNow');
		render(SyncIndicator);
		expect(document.querySelector('summary')!.textContent).toContain('Synced');
		await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
		expect(syncNow).toHaveBeenCalledOnce();
		syncNow.mockRestore();
	});
});

describe('the sign-in banner after a 401', () => {
	it('says the unsynced changes are kept and links to sign in', () => {
		setStatus({ pendingCount: 4 });
		render(SignInBanner);
		expect(screen.getByRole('alert').textContent).toMatch(/Your 4 unsynced changes are kept on this device/);
		expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/login');
	});
});
