import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../server/feeds/parse/parse-feed';
import { sanitizeEntryHtml, toPlainText } from '../../../server/feeds/sanitize/sanitize-html';
import { FIXTURES_DIR } from '../../support/feed-server';

const BASE = 'https://blog.example/posts/1';
const clean = (html: string) => sanitizeEntryHtml(html, BASE);
/** The sanitized HTML parsed into a DOM (linkedom), to inspect elements and attributes as a page would. */
const dom = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body;

const FORBIDDEN_TAGS =
	'script, style, form, input, button, textarea, select, object, embed, meta, base, link, svg, math, frame, frameset, applet';

/** Everything a browser could run or be navigated to from this HTML, after sanitizing. */
function assertHarmless(html: string): void {
	const body = dom(html);
	expect(body.querySelectorAll(FORBIDDEN_TAGS)).toHaveLength(0);
	for (const element of body.querySelectorAll('*')) {
		for (const attribute of element.getAttributeNames()) {
			expect(attribute, `${attribute} on <${element.localName}>`).not.toMatch(
				/^on|^style$|^class$|^id$|^formaction$|^background$|^dynsrc$|^lowsrc$/
			);
		}
		for (const name of ['href', 'src', 'poster', 'cite']) {
			const value = element.getAttribute(name);
			if (value === null) continue;
			const scheme = new URL(value, BASE).protocol;
			if (element.localName === 'img' && name === 'src' && scheme === 'data:') expect(value).toMatch(/^data:image\//);
			else expect(['http:', 'https:', 'mailto:']).toContain(scheme);
		}
		const srcset = element.getAttribute('srcset');
		if (srcset) for (const candidate of srcset.split(/,\s+/)) expect(candidate).toMatch(/^https?:\/\//);
		if (element.localName === 'iframe') {
			expect(element.getAttribute('src')).toMatch(
				/^https:\/\/(www\.)?(youtube(-nocookie)?\.com\/embed\/|player\.vimeo\.com\/video\/)/
			);
			expect(element.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation');
		}
	}
}

describe('sanitizeEntryHtml against the OWASP XSS filter-evasion vectors', () => {
	const feed = parseFeed(fs.readFileSync(path.join(FIXTURES_DIR, 'hostile/owasp-xss.rss')), {
		url: 'https://xss.example/feed',
		now: Date.now()
	});

	it('has the vectors to test', () => {
		expect(feed.entries.length).toBeGreaterThanOrEqual(50);
	});

	it.each(feed.entries.map((e) => [e.guid, e.content!]))('leaves nothing that runs in %s', (_guid, content) => {
		const output = sanitizeEntryHtml(content, 'https://xss.example/post');
		assertHarmless(output);
		// Outside URLs (where "javascript:" may be a harmless part of a path), no trace of a script.
		const textAndTags = output.replace(/"https?:\/\/[^"]*"/g, '""').toLowerCase();
		expect(textAndTags).not.toMatch(/javascript:|vbscript:|<script|onerror|onload|expression\(/);
	});

	it('keeps titles plain text', () => {
		for (const entry of feed.entries) expect(entry.title).not.toMatch(/[<>]/);
	});
});

describe('sanitizeEntryHtml keeps what readers need', () => {
	it('keeps structure, code, tables, figures and quotes', () => {
		const html =
			'<h2>Head</h2><p>A <strong>b</strong> <em>c</em> <code>x &lt; y</code></p><pre><code>let a = 1;</code></pre>' +
			'<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote cite="/src">q</blockquote>' +
			'<table><thead><tr><th scope="col">h</th></tr></thead><tbody><tr><td colspan="2">d</td></tr></tbody></table>' +
			'<figure><img src="/i.png" alt="i"><figcaption>cap</figcaption></figure><details><summary>s</summary>x</details>';
		const body = dom(clean(html));
		expect(body.querySelector('h2')!.textContent).toBe('Head');
		expect(body.querySelector('pre code')!.textContent).toBe('let a = 1;');
		expect(body.querySelector('p code')!.textContent).toBe('x < y');
		expect(body.querySelector('ol')!.getAttribute('start')).toBe('3');
		expect(body.querySelector('td')!.getAttribute('colspan')).toBe('2');
		expect(body.querySelector('th')!.getAttribute('scope')).toBe('col');
		expect(body.querySelector('figure figcaption')!.textContent).toBe('cap');
		expect(body.querySelector('blockquote')!.getAttribute('cite')).toBe('https://blog.example/src');
		expect(body.querySelector('details summary')).not.toBeNull();
	});

	it('makes links absolute, opening in a new tab without an opener', () => {
		const a = dom(
			clean('<a href="../other" rel="opener" target="_self">x</a> <a href="mailto:me@example.com">m</a>')
		).querySelectorAll('a');
		expect(a[0]!.getAttribute('href')).toBe('https://blog.example/other');
		expect(a[0]!.getAttribute('rel')).toBe('noopener noreferrer');
		expect(a[0]!.getAttribute('target')).toBe('_blank');
		expect(a[1]!.getAttribute('href')).toBe('mailto:me@example.com');
	});

	it('makes images absolute and lazy, with srcset, and drops tracking pixels', () => {
		const body = dom(
			clean(
				'<img src="a.png" srcset="a-2x.png 2x, /b.png 640w" alt="a" width="600">' +
					'<img src="https://tracker.example/p.gif" width="1" height="1">' +
					'<img src="https://tracker.example/q.gif" height="0">' +
					'<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">' +
					'<img src="data:text/html;base64,PHNjcmlwdD4=">' +
					'<img src="data:image/svg+xml,<svg onload=alert(1)>">' +
					'<picture><source srcset="/w.webp" type="image/webp"><img src="/w.jpg"></picture>'
			)
		);
		const images = [...body.querySelectorAll('img')];
		expect(images.map((i) => i.getAttribute('src'))).toEqual([
			'https://blog.example/posts/a.png',
			'data:image/png;base64,iVBORw0KGgo=',
			'https://blog.example/w.jpg'
		]);
		expect(images[0]!.getAttribute('srcset')).toBe(
			'https://blog.example/posts/a-2x.png 2x, https://blog.example/b.png 640w'
		);
		for (const image of images) expect(image.getAttribute('loading')).toBe('lazy');
		expect(body.querySelector('source')!.getAttribute('srcset')).toBe('https://blog.example/w.webp');
	});

	it('keeps audio and video with controls and absolute sources, without autoplay', () => {
		const body = dom(
			clean(
				'<video src="v.mp4" poster="p.jpg" autoplay><source src="/v.webm" type="video/webm"></video><audio src="a.mp3"></audio>'
			)
		);
		const video = body.querySelector('video')!;
		expect(video.hasAttribute('controls')).toBe(true);
		expect(video.hasAttribute('autoplay')).toBe(false);
		expect(video.getAttribute('poster')).toBe('https://blog.example/posts/p.jpg');
		expect(body.querySelector('source')!.getAttribute('src')).toBe('https://blog.example/v.webm');
		expect(body.querySelector('audio')!.hasAttribute('controls')).toBe(true);
	});

	it('keeps only YouTube and Vimeo embeds, sandboxed', () => {
		const body = dom(
			clean(
				'<iframe src="https://www.youtube.com/embed/abc"></iframe>' +
					'<iframe src="https://www.youtube-nocookie.com/embed/def"></iframe>' +
					'<iframe src="https://player.vimeo.com/video/123"></iframe>' +
					'<iframe src="https://www.youtube.com/watch?v=abc"></iframe>' +
					'<iframe src="https://evil.example/embed/abc"></iframe>' +
					'<iframe src="http://www.youtube.com/embed/insecure"></iframe>' +
					'<iframe src="//player.vimeo.com/video/456"></iframe>' +
					'<iframe src="data:text/html,<script>alert(1)</script>"></iframe>'
			)
		);
		const frames = [...body.querySelectorAll('iframe')];
		expect(frames.map((f) => f.getAttribute('src'))).toEqual([
			'https://www.youtube.com/embed/abc',
			'https://www.youtube-nocookie.com/embed/def',
			'https://player.vimeo.com/video/123',
			// Protocol-relative, resolved against the https article.
			'https://player.vimeo.com/video/456'
		]);
		for (const frame of frames)
			expect(frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation');
	});

	it('drops style, class and event attributes but keeps dir and lang', () => {
		const p = dom(clean('<p style="color:red" class="x" id="y" onclick="z()" dir="rtl" lang="ar">t</p>')).querySelector(
			'p'
		)!;
		expect(p.getAttributeNames().sort()).toEqual(['dir', 'lang']);
	});
});

describe('sanitizeEntryHtml keeps benign formatting, and nothing that runs with it', () => {
	const FORMATTING: [tag: string, html: string][] = [
		['acronym', '<acronym title="North Atlantic">NATO</acronym>'],
		['big', '<big>big</big>'],
		['small', '<small>small</small>'],
		['center', '<center>centred</center>'],
		['font', '<font color="#c00" face="Georgia" size="4">font</font>'],
		['tt', '<tt>teletype</tt>'],
		['s', '<s>struck</s>'],
		['strike', '<strike>struck</strike>'],
		['u', '<u>under</u>'],
		['sup', 'x<sup>2</sup>'],
		['sub', 'H<sub>2</sub>O'],
		['dl', '<dl><dt>term</dt><dd>definition</dd></dl>'],
		['figure', '<figure><img src="/f.png" alt="f"><figcaption>caption</figcaption></figure>'],
		['details', '<details open><summary>more</summary>hidden text</details>'],
		['abbr', '<abbr title="HyperText">HTML</abbr>'],
		['cite', '<cite>A Book</cite>'],
		['q', '<q cite="/source">quoted</q>'],
		['time', '<time datetime="2024-01-01">New Year</time>']
	];

	it.each(FORMATTING)('keeps <%s> with its text and harmless attributes', (tag, html) => {
		const cleaned = clean(html);
		const body = dom(cleaned);
		expect(body.querySelector(tag), cleaned).not.toBeNull();
		expect(body.textContent).toBe(dom(html).textContent);
		for (const [name, value] of Object.entries({ title: 'North Atlantic', color: '#c00', face: 'Georgia' }))
			if (html.includes(`${name}="${value}"`)) expect(body.querySelector(tag)!.getAttribute(name)).toBe(value);
		if (tag === 'q') expect(body.querySelector('q')!.getAttribute('cite')).toBe('https://blog.example/source');
		if (tag === 'time') expect(body.querySelector('time')!.getAttribute('datetime')).toBe('2024-01-01');
		assertHarmless(cleaned);
	});

	it.each([
		['<font style="background:url(javascript:alert(1))" color="red" onmouseover="alert(1)">f</font>', 'f'],
		['<font face="x" style="width: expression(alert(1))">g</font>', 'g'],
		['<big style="behavior:url(x.htc)" onclick="alert(1)">b</big>', 'b'],
		['<center><script>alert(1)</script>c</center>', 'c'],
		['<acronym title="t" onfocus="alert(1)" tabindex="1">a</acronym>', 'a'],
		['<details open ontoggle="alert(1)"><summary onclick="alert(1)">s</summary></details>', 's'],
		['<q cite="javascript:alert(1)">q</q>', 'q'],
		['<q cite="vbscript:msgbox(1)">v</q>', 'v'],
		['<dl><dt><a href="javascript:alert(1)">dt</a></dt><dd><a href="data:text/html,x">dd</a></dd></dl>', 'dtdd'],
		['<tt><form action="https://evil.example"><input name="p"><button>go</button></form>t</tt>', 'got'],
		['<time datetime="x" onclick="alert(1)">t</time>', 't'],
		['<figure><img src="javascript:alert(1)"><figcaption>fc</figcaption></figure>', 'fc'],
		['<u><img src="data:image/svg+xml,<svg onload=alert(1)>">u</u>', 'u']
	])('%s is harmless and keeps its text', (html, text) => {
		const cleaned = clean(html);
		assertHarmless(cleaned);
		expect(cleaned.toLowerCase()).not.toMatch(/javascript:|vbscript:|expression\(|url\(|on\w+=|style=/);
		expect(dom(cleaned).textContent).toBe(text);
	});
});

describe('toPlainText', () => {
	it.each([
		['First <b>bold</b> story', 'First bold story'],
		['<p>one</p><p>two</p>', 'one two'],
		['Caf&eacute; &amp; &hellip;', 'Café & …'],
		['a <script>alert(1)</script>b<style>p{}</style>', 'a b'],
		['  spaced \n\t out  ', 'spaced out'],
		['x &lt; y', 'x < y']
	])('%j -> %j', (html, text) => {
		expect(toPlainText(html)).toBe(text);
	});
});
