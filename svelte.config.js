import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: every route is rendered in the browser from index.html, which the server falls back to.
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		// Registered by the app with workbox-window, so the update prompt is ours.
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};

export default config;
