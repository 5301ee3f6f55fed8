import { Workbox } from 'workbox-window';

/**
 * Registers the service worker with workbox-window and tracks whether a new version is waiting. A new version
 * never takes over by itself: the page shows "Update available" and only `applyUpdate()` (the user's click)
 * tells the waiting worker to skip waiting, then reloads once it controls the page.
 */
class ServiceWorkerUpdate {
	updateAvailable = $state(false);
	#workbox: Workbox | null = null;

	register(): void {
		if (this.#workbox || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
		const workbox = new Workbox('/service-worker.js', { scope: '/' });
		workbox.addEventListener('waiting', () => {
			this.updateAvailable = true;
		});
		workbox.register().catch(() => {
			// Without a worker the app still runs online; it just cannot start offline.
		});
		this.#workbox = workbox;
	}

	applyUpdate(): void {
		const workbox = this.#workbox;
		if (!workbox) return;
		workbox.addEventListener('controlling', () => window.location.reload());
		workbox.messageSkipWaiting();
	}
}

export const serviceWorkerUpdate = new ServiceWorkerUpdate();
