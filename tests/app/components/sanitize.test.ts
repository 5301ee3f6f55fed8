import { describe, expect, it } from 'vitest';
import { sanitizeEntryHtml } from '../../../server/feeds/sanitize/sanitize-html';
import { EMBED_ORIGINS } from '../../../src/lib/shared/embed-hosts';
import { sanitizeArticleHtml } from '../../../src/lib/content/sanitize';

function parse(html: string): HTMLElement {
	const div = document.createElement('div');
	div.innerHTML = sanitizeArticleHtml(html);
	return div;
}

describe('sanitizeArticleHtml, the browser pass before {@html}', () => {
	it('drops scripts, styles, forms, event handlers and javascript: URLs, keeping the text', () => {
		const out = parse(
			'<p onclick="alert(1)">Hello <b>world</b></p><script>alert(2)</script><style>p{}</style>' +
				'<form action="/x"><input name="q"><button>Go</button></form>' +
				'<a href="javascript:alert(3)">bad</a><img src="x" onerror="alert(4)"><svg><script>alert(5)</script></svg>'
		);
		expect(out.querySelector('script, style, form, input, button')).toBeNull();
		expect(out.innerHTML).not.toMatch(/onclick|onerror|javascript:/i);
		expect(out.textContent).toContain('Hello world');
		expect(out.querySelector('a')?.getAttribute('href')).toBeNull();
	});

	it('opens links in a new tab without opener or referrer', () => {
		const link = parse('<a href="https://example.com/post">post</a>').querySelector('a')!;
		expect(link.getAttribute('href')).toBe('https://example.com/post');
		expect(link.getAttribute('target')).toBe('_blank');
		expect(link.getAttribute('rel')).toBe('noopener noreferrer');
	});

	it('lazy-loads images without a referrer', () => {
		const img = parse('<img src="https://example.com/a.png" alt="A">').querySelector('img')!;
		expect(img.getAttribute('loading')).toBe('lazy');
		expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
		expect(img.getAttribute('alt')).toBe('A');
	});

	it('keeps iframes only from the video hosts the CSP allows, sandboxed', () => {
		const out = parse(
			'<iframe src="https://www.youtube-nocookie.com/embed/abc" allowfullscreen></iframe>' +
				'<iframe src="https://evil.example/embed"></iframe><iframe src="javascript:alert(1)"></iframe>' +
				'<iframe srcdoc="<script>alert(1)</script>"></iframe>'
		);
		const frames = out.querySelectorAll('iframe');
		expect(frames).toHaveLength(1);
		expect(frames[0]!.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/abc');
		expect(frames[0]!.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation');
	});

	it('gives audio and video controls and never autoplays', () => {
		const video = parse('<video src="https://example.com/v.mp4" autoplay></video>').querySelector('video')!;
		expect(video.hasAttribute('controls')).toBe(true);
		expect(video.hasAttribute('autoplay')).toBe(false);
	});

	it('keeps the same embeds as the ingest sanitizer, each from an origin the CSP frames', () => {
		const cases: [string, boolean][] = [
			['https://www.youtube.com/embed/a1', true],
			['https://youtube.com/embed/a1', true],
			['https://www.youtube-nocookie.com/embed/a1', true],
			['https://youtube-nocookie.com/embed/a1', true],
			['https://player.vimeo.com/video/42', true],
			['https://www.youtube.com/watch?v=a1', false],
			['https://player.vimeo.com/42', false],
			['http://www.youtube.com/embed/a1', false],
			['https://www.youtube.com.evil.example/embed/a1', false],
			['https://evil.example/embed/a1', false]
		];
		const keeps = (html: string) => html.includes('<iframe');
		for (const [src, allowed] of cases) {
			const ingested = sanitizeEntryHtml(`<iframe src="${src}"></iframe>`, 'https://blog.example/');
			expect(keeps(ingested), `ingest: ${src}`).toBe(allowed);
			expect(
				keeps(sanitizeArticleHtml(`<iframe src="${src}" sandbox="allow-scripts"></iframe>`)),
				`browser: ${src}`
			).toBe(allowed);
			if (allowed) expect(EMBED_ORIGINS).toContain(new URL(src).origin);
		}
	});
});
