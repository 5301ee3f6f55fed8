import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { useScenario } from './support/scenario';
import { seedPush, subscribeTo } from './support/seed';
import { screenshot } from './support/shots';
import { feedButton, signInInUi } from './support/ui';

/** A 16x16 opaque PNG, made here so the test needs no binary fixture. */
function png(): Buffer {
	const crc = (buf: Buffer) => {
		let c = ~0;
		for (const byte of buf) {
			c ^= byte;
			for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
		}
		return ~c >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type), data]);
		const out = Buffer.alloc(8 + data.length + 4);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc(body), 8 + data.length);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(16, 0);
	header.writeUInt32BE(16, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.concat(Array.from({ length: 16 }, () => Buffer.from([0, ...Array(48).fill(200)])));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

describe('feed icons (desktop)', () => {
	const s = useScenario();

	it("shows the favicon the server found, and a letter tile in the feed's colour where there is none", async () => {
		const { page, stack } = s;
		const admin = await apiSetupAdmin(stack.url);
		const site = `${stack.feeds.url}/site/`;
		stack.feeds.setFeed(
			'/site/',
			`<!doctype html><html><head><title>Site</title><link rel="icon" href="/site/icon.png"></head><body></body></html>`,
			'text/html'
		);
		stack.feeds.setFeed('/site/icon.png', png(), 'image/png');
		stack.feeds.setFeed(
			'/site/feed.rss',
			`<?xml version="1.0"?><rss version="2.0"><channel><title>With icon</title><link>${site}</link><description>d</description><item><title>i</title><guid>1</guid></item></channel></rss>`
		);
		stack.feeds.setFeed(
			'/plain/feed.rss',
			`<?xml version="1.0"?><rss version="2.0"><channel><title>no icon here</title><link>https://site.invalid/</link><description>d</description><item><title>j</title><guid>2</guid></item></channel></rss>`
		);
		await seedPush(stack.url, admin.token, [
			subscribeTo(`${stack.feeds.url}/site/feed.rss`, null, 'a0'),
			subscribeTo(`${stack.feeds.url}/plain/feed.rss`, null, 'a1')
		]);
		await signInInUi(page, stack.url, 'admin');

		const icon = feedButton(page, 'With icon').locator('img');
		await icon.waitFor({ timeout: 30_000 });
		await expect
			.poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 })
			.toBe(16);
		expect(await icon.getAttribute('src')).toMatch(/^\/api\/icons\/\d+$/);

		const tile = feedButton(page, 'no icon here').locator('.tile');
		await tile.waitFor({ timeout: 30_000 });
		expect(await tile.textContent()).toBe('N');
		expect(await tile.evaluate((el) => getComputedStyle(el).backgroundColor)).toMatch(/^rgb\(/);
		await screenshot(page, 'icons-desktop');
	});
});
