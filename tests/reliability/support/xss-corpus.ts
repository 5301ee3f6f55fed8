import { JSDOM } from 'jsdom';

/**
 * Classic vectors (OWASP's filter-evasion cheat sheet, html5sec.org, mXSS write-ups), each as feed content.
 * The fixture tests/fixtures/feeds/hostile/owasp-xss.rss adds more.
 */
export const XSS_VECTORS = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<IMG SRC="jav&#x09;ascript:alert(1);">',
	'<IMG SRC="jav&#x0A;ascript:alert(1);">',
	'<IMG SRC=" &#14;  javascript:alert(1);">',
	'<a href="JaVaScRiPt:alert(1)">x</a>',
	'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
	'<a href="vbscript:msgbox(1)">x</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
	'<svg onload=alert(1)><circle r=10></svg>',
	'<svg><script>alert(1)</script></svg>',
	'<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
	'<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
	'<iframe src="javascript:alert(1)"></iframe>',
	'<iframe srcdoc="<script>alert(1)</script>"></iframe>',
	'<iframe src="https://evil.example/embed/x"></iframe>',
	'<object data="javascript:alert(1)"></object>',
	'<embed src="javascript:alert(1)">',
	'<form action="javascript:alert(1)"><button>x</button></form>',
	'<button formaction="javascript:alert(1)">x</button>',
	'<input autofocus onfocus=alert(1)>',
	'<details open ontoggle=alert(1)>',
	'<body onload=alert(1)>',
	'<video><source onerror=alert(1)></video>',
	'<audio src=x onerror=alert(1)></audio>',
	'<marquee onstart=alert(1)>x</marquee>',
	'<div style="background:url(javascript:alert(1))">x</div>',
	'<div style="width: expression(alert(1))">x</div>',
	'<style>@import "javascript:alert(1)";</style>',
	'<link rel=stylesheet href="javascript:alert(1)">',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
	'<base href="javascript:alert(1)//">',
	'<table background="javascript:alert(1)">',
	'<img srcset="javascript:alert(1) 1x">',
	'<img src="x` `<script>alert(1)</script>"` `>',
	'<scr<script>ipt>alert(1)</scr</script>ipt>',
	'<<script>alert(1);//<</script>',
	'<a href="java\u0000script:alert(1)">x</a>',
	'<img """><script>alert(1)</script>">',
	'<p onclick="alert(1)" ONCLICK="alert(1)" oNmOuSeOvEr=alert(1)>x</p>',
	'<xss id=x tabindex=1 onfocusin=alert(1)></xss>',
	'<a href="  javascript:alert(1)">x</a>',
	'<template><script>alert(1)</script></template>',
	'<isindex type=image src=1 onerror=alert(1)>'
];

const URL_ATTRIBUTES = [
	'href',
	'src',
	'action',
	'formaction',
	'xlink:href',
	'poster',
	'background',
	'data',
	'srcset',
	'cite'
];
const FORBIDDEN_ELEMENTS = ['script', 'object', 'embed', 'form', 'base', 'meta', 'link', 'style', 'frame', 'frameset'];

const parser = new new JSDOM('').window.DOMParser();

/**
 * Whatever in this HTML could run code: event handlers, script elements, script URLs, srcdoc. Empty if safe.
 * CSS is not judged: no current browser runs script from a style, and the CSP forbids inline styles' fetches.
 */
export function dangerousParts(html: string): string[] {
	const document = parser.parseFromString(`<body>${html}</body>`, 'text/html');
	const found: string[] = [];
	for (const element of document.body.querySelectorAll('*')) {
		const name = element.localName;
		if (FORBIDDEN_ELEMENTS.includes(name)) found.push(`<${name}>`);
		if (
			name === 'iframe' &&
			!/^https:\/\/(www\.)?(youtube(-nocookie)?\.com\/embed\/|player\.vimeo\.com\/video\/)/.test(
				element.getAttribute('src') ?? ''
			)
		) {
			found.push(`iframe ${element.getAttribute('src')}`);
		}
		for (const attribute of element.attributes) {
			const attr = attribute.name.toLowerCase();
			if (attr.startsWith('on')) found.push(`${name}[${attr}]`);
			if (attr === 'srcdoc') found.push(`${name}[srcdoc]`);
			if (URL_ATTRIBUTES.includes(attr)) {
				// Browsers drop tabs, newlines and control characters inside a scheme.
				const value = [...attribute.value]
					.filter((c) => c.charCodeAt(0) > 0x20)
					.join('')
					.toLowerCase();
				if (/(^|,)(javascript|vbscript|data:text\/html|data:image\/svg)/.test(value))
					found.push(`${name}[${attr}]=${attribute.value}`);
			}
		}
	}
	return found;
}
