/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, version } from '$service-worker';

/**
 * Hand-written on SvelteKit's $service-worker (no Workbox runtime here: the rules are few and this keeps them
 * readable). The app shell of this version is precached; navigations get the cached index.html, so the app
 * starts offline; article images are cached at runtime under a cap; /api is never cached, because the sync
 * engine, not the cache, decides what the app shows. A new worker waits until the page tells it to take over.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `shell-${version}`;
const IMAGE_CACHE = 'images-v1';
const MAX_IMAGES = 300;
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
				if (key !== SHELL_CACHE && key !== IMAGE_CACHE) await caches.delete(key);
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
	} else if (request.destination === 'image' && (url.protocol === 'https:' || url.protocol === 'http:')) {
		event.respondWith(cachedImage(request));
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

async function cachedImage(request: Request): Promise<Response> {
	const cache = await caches.open(IMAGE_CACHE);
	const cached = await cache.match(request);
	if (cached) return cached;
	const response = await fetch(request);
	// Opaque cross-origin answers are kept too: most article images come from sites that send no CORS headers.
	if (response.ok || response.type === 'opaque') {
		await cache.put(request, response.clone());
		await evictOldest(cache);
	}
	return response;
}

/** Keys come back in insertion order, so the first ones are the oldest images. */
async function evictOldest(cache: Cache): Promise<void> {
	const keys = await cache.keys();
	for (const key of keys.slice(0, Math.max(0, keys.length - MAX_IMAGES))) await cache.delete(key);
}
