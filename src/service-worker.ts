/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, version } from '$service-worker';
import { MediaCache, type MediaSyncRequest } from '$lib/media/media-cache';
import { MEDIA_CACHE, MEDIA_PATH } from '$lib/media/media-index';

/**
 * Hand-written on SvelteKit's $service-worker (no Workbox runtime here: the rules are few and this keeps them
 * readable). The app shell of this version is precached; navigations get the cached index.html, so the app
 * starts offline; /api is never cached, because the sync engine, not the cache, decides what the app shows, except
 * the media proxy's images, kept within a budget for offline reading (lib/media). A new worker waits until the
 * page tells it to take over.
 *
 * Images from other origins are left to the page: a fetch from this worker would run under the worker script's
 * own policy (connect-src 'self') and fail, and an opaque answer could not be measured for a budget anyway.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL_CACHE = `shell-${version}`;
const media = new MediaCache();
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
				if (key !== SHELL_CACHE && key !== MEDIA_CACHE) await caches.delete(key);
			}
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'SKIP_WAITING') void sw.skipWaiting();
	if (type === 'MEDIA_SYNC') {
		// The answer goes back on the port the page sent, when it sent one.
		const done = media.sync(event.data as MediaSyncRequest).then((result) => event.ports[0]?.postMessage(result));
		event.waitUntil(done);
	}
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	const sameOrigin = url.origin === sw.location.origin;
	if (sameOrigin && url.pathname.startsWith(MEDIA_PATH)) return event.respondWith(media.respond(request));
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
