/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, version } from '$service-worker';

/**
 * Hand-written on SvelteKit's $service-worker (no Workbox runtime here: the rules are few and this keeps them
 * readable). The app shell of this version is precached; navigations get the cached index.html, so the app
 * starts offline; /api is never cached, because the sync engine, not the cache, decides what the app shows. A new
 * worker waits until the page tells it to take over.
 *
 * Images from other origins are left to the page: a fetch from this worker would run under the worker script's
 * own policy (connect-src 'self') and fail, and an opaque answer could not be measured for a budget anyway.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `shell-${version}`;
/** The server answers any unknown path with index.html; fetching "/" stores it with its CSP headers. */
const SHELL_PAGE = '/';
const PRECACHE = [SHELL_PAGE, ...build, ...files];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches.open(SHELL_CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key !== SHELL_CACHE) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	const sameOrigin = url.origin === sw.location.origin;
	if (sameOrigin && url.pathname.startsWith('/api/')) return;

	if (request.mode === 'navigate' && sameOrigin) {
		event.respondWith(serveShell(request));
	} else if (sameOrigin && PRECACHE.includes(url.pathname)) {
		event.respondWith(cacheFirst(SHELL_CACHE, request));
	}
});

/** Always this version's index.html, which matches this version's precached scripts; the network only as a fallback. */
async function serveShell(request: Request): Promise<Response> {
	const cached = await caches.match(SHELL_PAGE, { cacheName: SHELL_CACHE });
	return cached ?? fetch(request);
}

async function cacheFirst(cacheName: string, request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName });
	return cached ?? fetch(request);
}
