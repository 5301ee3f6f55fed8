import { afterEach, describe, expect, it } from 'vitest';
import { ParsePool, type ParsePoolOptions } from '../../../server/feeds/refresh/parse-pool';
import { parseAndPrepareNow } from '../../../server/feeds/refresh/prepare-entries';
import { rss } from './engine-support';

const SITE = 'http://127.0.0.1:9/site';
const options = { url: `${SITE}/feed.xml`, contentType: 'application/rss+xml', now: Date.UTC(2026, 0, 15) };

/** A feed of `count` entries whose HTML needs sanitizing. */
function feedBody(title: string, count: number): Buffer {
	const items = Array.from({ length: count }, (_, i) => ({
		guid: `${title}-${i}`,
		title: `${title} ${i}`,
		content: `<p>Entry ${i} of ${title}.</p><script>steal()</script><img src="/pic-${i}.png" onerror="x()">`
	}));
	return Buffer.from(rss(SITE, title, items));
}

describe('the parse pool', () => {
	let pool: ParsePool;
	const start = (overrides: Partial<ParsePoolOptions> = {}) =>
		(pool = new ParsePool({
			size: 2,
			maxQueued: 10,
			jobTimeoutMs: 60_000,
			idleMs: 60_000,
			heapLimitMb: 256,
			...overrides
		}));
	afterEach(() => pool.close());

	it('gives what parsing on the main thread gives: the same code, sanitized, in a worker', async () => {
		start();
		const body = feedBody('Same', 30);
		const parsed = await pool.parse(body, options);
		expect(parsed).toEqual(parseAndPrepareNow(body, options));
		expect(parsed.entries).toHaveLength(30);
		expect(parsed.entries[3]!.content).toContain('Entry 3 of Same.');
		expect(parsed.entries[3]!.content).not.toMatch(/script|onerror/);
		expect(parsed.entries[3]!.content).toContain(`${SITE.replace('/site', '')}/pic-3.png`);
	});

	it('moves a body to the worker when asked, instead of copying it', async () => {
		start();
		const body = feedBody('Moved', 30);
		const expected = parseAndPrepareNow(body, options);
		const owned = Buffer.alloc(body.length);
		body.copy(owned);
		const parsed = await pool.parse(owned, options, { transfer: true });
		expect(parsed).toEqual(expected);
		expect(owned.buffer.byteLength).toBe(0);
		// A view into a larger buffer (Node's pool of small Buffers) is copied: moving it would take the rest too.
		const view = Buffer.concat([Buffer.alloc(8), body]).subarray(8);
		expect(await pool.parse(view, options, { transfer: true })).toEqual(expected);
		expect(view.buffer.byteLength).toBe(body.length + 8);
	});

	it('runs many jobs on its few workers and gives each caller its own feed', async () => {
		start({ size: 2 });
		const titles = Array.from({ length: 8 }, (_, i) => `Feed${i}`);
		const parsed = await Promise.all(titles.map((title, i) => pool.parse(feedBody(title, 5 + i), options)));
		expect(parsed.map((feed) => feed.title)).toEqual(titles);
		expect(parsed.map((feed) => feed.entries.length)).toEqual(titles.map((_, i) => 5 + i));
		expect(pool.workerCount).toBe(2);
	});

	it('rejects a document that is not a feed with the parser message, and keeps working', async () => {
		start({ size: 1 });
		await expect(pool.parse(Buffer.from('<html><body>hello</body></html>'), options)).rejects.toThrow(/not a feed/i);
		expect((await pool.parse(feedBody('After', 2), options)).title).toBe('After');
	});

	it('refuses jobs beyond its queue, and still finishes the ones it accepted', async () => {
		start({ size: 1, maxQueued: 2 });
		// The first job goes to the worker at once; two wait; the fourth finds the queue full.
		const accepted = ['One', 'Two', 'Three'].map((title) => pool.parse(feedBody(title, 3), options));
		await expect(pool.parse(feedBody('Four', 3), options)).rejects.toThrow(/too many feeds/);
		expect((await Promise.all(accepted)).map((feed) => feed.title)).toEqual(['One', 'Two', 'Three']);
	});

	it('stops a worker that takes longer than allowed and fails its job; a waiting job gets a new worker', async () => {
		// No worker can even start within a millisecond: every job runs out of time.
		start({ size: 1, jobTimeoutMs: 1 });
		const first = pool.parse(feedBody('Slow', 3), options);
		const waiting = pool.parse(feedBody('Waiting', 3), options);
		await expect(first).rejects.toThrow(/longer than/);
		// Had no new worker taken it, the waiting job would never settle; it too ran, and ran out of time.
		await expect(waiting).rejects.toThrow(/longer than/);
		expect(pool.workerCount).toBe(0);
	});
});
