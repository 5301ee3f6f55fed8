// A single-page app: nothing is rendered on a server, and every route is served by the fallback index.html.
export const ssr = false;
export const prerender = false;
