import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_KEY_FILE, mediaKey } from '../../../server/media/media-key';
import { signMediaUrl, verifyMediaUrl } from '../../../server/media/media-signing';
import { startFeedServer, type FeedServer } from '../../support/feed-server';
import { makePng } from '../../support/png';
import { startTestServer, type TestServer } from '../../support/test-server';

const KEY = 'k'.repeat(40);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

describe('media URL signatures', () => {
	const url = 'https://example.com/a.png?size=2';
	const parts = (signed: string) => signed.split('/').slice(3) as [string, string];

	it('verifies what it signed and gives back the original URL', () => {
		const signed = signMediaUrl(KEY, url);
		expect(signed).toMatch(/^\/api\/media\/[\w-]+\/[\w-]+$/);
		expect(verifyMediaUrl(KEY, ...parts(signed))).toBe(url);
	});

	it('refuses a changed URL, a changed signature, another key and an unsigned URL', () => {
		const [sig, encoded] = parts(signMediaUrl(KEY, url));
		const otherUrl = Buffer.from('https://example.com/b.png?size=2').toString('base64url');
		const flipped = Buffer.from(sig, 'base64url');
		flipped[0]! ^= 1;
		expect(verifyMediaUrl(KEY, sig, otherUrl)).toBeNull();
		expect(verifyMediaUrl(KEY, flipped.toString('base64url'), encoded)).toBeNull();
		expect(verifyMediaUrl('x'.repeat(40), sig, encoded)).toBeNull();
		expect(verifyMediaUrl(KEY, 'unsigned', encoded)).toBeNull();
		expect(verifyMediaUrl(KEY, '', encoded)).toBeNull();
	});
});

describe('the media key', () => {
	it('is made once into DATA_DIR and read back; MEDIA_PROXY_SECRET replaces it; off has none', () => {
		const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'tidings-media-key-'));
		try {
			const config = { DATA_DIR: dataDir, MEDIA_PROXY: 'on', MEDIA_PROXY_SECRET: undefined } as const;
			const key = mediaKey(config);
			const file = path.join(dataDir, MEDIA_KEY_FILE);
			expect(fs.readFileSync(file, 'utf8')).toBe(key);
			expect(fs.statSync(file).mode & 0o777).toBe(0o600);
			expect(mediaKey({ ...config })).toBe(key);
			expect(mediaKey({ ...config, MEDIA_PROXY_SECRET: KEY })).toBe(KEY);
			expect(mediaKey({ ...config, MEDIA_PROXY: 'off' })).toBeNull();
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

describe('GET /api/media', () => {
	let feeds: FeedServer;
	let server: TestServer;
	let guarded: TestServer;
	const png = makePng(20, 10);
	beforeAll(async () => {
		feeds = await startFeedServer();
		feeds.setFeed('/img/photo.png', png, 'image/png');
		feeds.setFeed('/img/gif-as-octets', GIF, 'application/octet-stream');
		feeds.setFeed(
			'/img/vector.svg',
			'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
			'image/png'
		);
		feeds.setFeed('/img/page.html', '<!doctype html><html><body>hi</body></html>', 'image/png');
		feeds.setRoute('/img/untagged.png', (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'image/png' });
			res.end(png);
		});
		server = await startTestServer({ env: { ALLOW_PRIVATE_FEEDS: 'true', MEDIA_PROXY_SECRET: KEY } });
		guarded = await startTestServer({ env: { MEDIA_PROXY_SECRET: KEY } });
	});
	afterAll(async () => {
		await server.close();
		await guarded.close();
		await feeds.close();
	});

	const get = (base: string, pathname: string, headers: Record<string, string> = {}) =>
		fetch(`${base}${pathname}`, { headers });
	const media = (pathname: string) => signMediaUrl(KEY, `${feeds.url}${pathname}`);

	it('serves a signed image with long-lived cache headers and an ETag, without cookies or referrer upstream', async () => {
		const res = await get(server.url, media('/img/photo.png'), { Cookie: 'session=secret', Referer: server.url });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(res.headers.get('etag')).toMatch(/^"/);
		expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
		const upstream = feeds.lastRequest('/img/photo.png')!;
		expect(upstream.cookie).toBeUndefined();
		expect(upstream.referer).toBeUndefined();
	});

	it('refuses tampered and unsigned URLs without fetching anything', async () => {
		const signed = media('/img/photo.png');
		const [sig] = signed.split('/').slice(3);
		const other = Buffer.from(`${feeds.url}/img/gif-as-octets`).toString('base64url');
		const before = feeds.hits('/img/gif-as-octets');
		for (const pathname of [
			`/api/media/${sig}/${other}`,
			`/api/media/AAAAAAAAAAAAAAAAAAAAAA/${other}`,
			`/api/media/${other}`,
			'/api/media/'
		]) {
			const res = await get(server.url, pathname);
			expect(res.status, pathname).toBe(404);
			expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
		}
		expect(feeds.hits('/img/gif-as-octets')).toBe(before);
	});

	it('answers with the type the bytes show, and refuses SVG and HTML whatever their label', async () => {
		const gif = await get(server.url, media('/img/gif-as-octets'));
		expect(gif.status).toBe(200);
		expect(gif.headers.get('content-type')).toBe('image/gif');
		for (const pathname of ['/img/vector.svg', '/img/page.html']) {
			const res = await get(server.url, media(pathname));
			expect(res.status, pathname).toBe(502);
			expect(res.headers.get('content-type')).toMatch(/json/);
			expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not answer with a raster/);
		}
	});

	it('refuses an image over 5 MiB', async () => {
		const res = await get(server.url, media('/_/huge?mb=6'));
		expect(res.status).toBe(502);
		expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/larger than 5 MiB/);
	});

	it('never fetches from the server’s own network, even a URL it signed (SSRF guard)', async () => {
		const before = feeds.hits('/img/photo.png');
		const res = await get(guarded.url, media('/img/photo.png'));
		expect(res.status).toBe(403);
		expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/refused/);
		expect(feeds.hits('/img/photo.png')).toBe(before);
	});

	it('passes the upstream 304 through for the tag it handed out', async () => {
		const first = await get(server.url, media('/img/photo.png'));
		const etag = first.headers.get('etag')!;
		const again = await get(server.url, media('/img/photo.png'), { 'If-None-Match': etag });
		expect(again.status).toBe(304);
		expect(again.headers.get('etag')).toBe(etag);
		expect(again.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(feeds.lastRequest('/img/photo.png')!['if-none-match']).toBe(etag);
	});

	it('answers 304 for an image whose site sends no tag when its bytes have not changed', async () => {
		const first = await get(server.url, media('/img/untagged.png'));
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^"[\w-]{27}"$/);
		expect((await get(server.url, media('/img/untagged.png'), { 'If-None-Match': etag })).status).toBe(304);
		expect((await get(server.url, media('/img/untagged.png'), { 'If-None-Match': '"other"' })).status).toBe(200);
	});

	it('allows images only from its own origin in the content security policy', async () => {
		const csp = (await get(server.url, '/')).headers.get('content-security-policy')!;
		expect(csp).toContain("img-src 'self' data:;");
	});
});

describe('MEDIA_PROXY=off', () => {
	it('serves no media URLs and lets images come from their sites', async () => {
		const server = await startTestServer({ env: { MEDIA_PROXY: 'off', MEDIA_PROXY_SECRET: KEY } });
		try {
			const res = await fetch(`${server.url}${signMediaUrl(KEY, 'https://example.com/a.png')}`);
			expect(res.status).toBe(404);
			const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy')!;
			expect(csp).toContain("img-src 'self' data: https: http:;");
		} finally {
			await server.close();
		}
	});
});
