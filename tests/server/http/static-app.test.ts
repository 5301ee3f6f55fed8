import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD_BYTES } from '../../../server/http/compress';
import { EMBED_ORIGINS } from '#shared/embed-hosts';
import { inlineScriptHashes } from '../../../server/http/security-headers';
import { call } from '../../support/http';
import { startTestServer, type TestServer } from '../../support/test-server';

const INDEX = `<!doctype html><html><head><script>console.log("boot")</script></head><body>app</body></html>`;

function makeBuild(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-build-'));
	fs.mkdirSync(path.join(dir, '_app', 'immutable', 'chunks'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
	fs.writeFileSync(path.join(dir, '_app', 'immutable', 'chunks', 'app.abc123.js'), 'export {}');
	fs.writeFileSync(path.join(dir, 'service-worker.js'), 'self.addEventListener("fetch", () => {})');
	return dir;
}

describe('serving the built app', () => {
	let server: TestServer;
	const buildDir = makeBuild();
	beforeAll(async () => {
		server = await startTestServer({ extend: (deps) => ({ config: { ...deps.config, buildDir } }) });
	});
	afterAll(async () => {
		await server.close();
		fs.rmSync(buildDir, { recursive: true, force: true });
	});

	it('caches hashed assets for a year and revalidates the rest', async () => {
		const asset = await fetch(`${server.url}/_app/immutable/chunks/app.abc123.js`);
		expect(asset.status).toBe(200);
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const worker = await fetch(`${server.url}/service-worker.js`);
		expect(worker.headers.get('cache-control')).toBe('no-cache');
	});

	it('answers app routes with index.html and a missing immutable asset with 404', async () => {
		const page = await fetch(`${server.url}/settings`, { headers: { Accept: 'text/html' } });
		expect(page.status).toBe(200);
		expect(await page.text()).toBe(INDEX);
		expect((await fetch(`${server.url}/_app/immutable/chunks/missing.js`)).status).toBe(404);
	});

	it('names the inline boot script by hash in a strict Content-Security-Policy', async () => {
		const page = await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } });
		const csp = page.headers.get('content-security-policy')!;
		const [hash] = inlineScriptHashes(INDEX);
		expect(hash).toMatch(/^'sha256-[A-Za-z0-9+/=]+'$/);
		expect(csp).toContain(`script-src 'self' ${hash}`);
		expect(/script-src [^;]*unsafe-inline/.test(csp)).toBe(false);
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("frame-ancestors 'none'");
		// Embeds: the players the sanitizers keep (src/lib/shared/embed-hosts.ts), and nothing else.
		expect(/frame-src ([^;]*)/.exec(csp)?.[1]?.split(' ')).toEqual(EMBED_ORIGINS);
	});

	it('follows a rebuild without a restart', async () => {
		const rebuilt = INDEX.replace('boot', 'boot v2');
		fs.writeFileSync(path.join(buildDir, 'index.html'), rebuilt);
		const future = new Date(Date.now() + 60_000);
		fs.utimesSync(path.join(buildDir, 'index.html'), future, future);
		const policy = async () =>
			(await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } })).headers.get('content-security-policy');
		// The build is looked at about once a second.
		await expect.poll(policy, { timeout: 5000 }).toContain(inlineScriptHashes(rebuilt)[0]);
		fs.writeFileSync(path.join(buildDir, 'index.html'), INDEX);
	});

	it('keeps /api paths out of the app fallback', async () => {
		const res = await call(server.url, 'GET', '/api/settings', { headers: { Accept: 'text/html' } });
		expect(res.status).toBe(404);
		expect(res.body.error.code).toBe('not_found');
	});

	it('compresses large responses', async () => {
		fs.writeFileSync(path.join(buildDir, 'big.txt'), 'tidings '.repeat(2000));
		const res = await fetch(`${server.url}/big.txt`, { headers: { 'Accept-Encoding': 'gzip' } });
		expect(res.headers.get('content-encoding')).toBe('gzip');
	});

	it('leaves answers that fit in one round trip uncompressed, files and API answers alike', async () => {
		fs.writeFileSync(path.join(buildDir, 'small.txt'), 'x'.repeat(COMPRESSION_THRESHOLD_BYTES - 1));
		const file = await fetch(`${server.url}/small.txt`, { headers: { 'Accept-Encoding': 'gzip' } });
		const api = await fetch(`${server.url}/api/health`, { headers: { 'Accept-Encoding': 'gzip' } });
		expect([file.status, api.status]).toEqual([200, 200]);
		expect(file.headers.get('content-encoding')).toBeNull();
		expect(api.headers.get('content-encoding')).toBeNull();
	});
});
