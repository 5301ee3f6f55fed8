import { Parser } from 'htmlparser2';

/** Elements whose text is never shown to a reader. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'iframe', 'object', 'svg', 'math']);
/** Elements that separate words, so "<p>a</p><p>b</p>" reads "a b", not "ab". */
const BREAKS = new Set([
	'address',
	'article',
	'aside',
	'blockquote',
	'br',
	'dd',
	'div',
	'dl',
	'dt',
	'figcaption',
	'figure',
	'footer',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'header',
	'hr',
	'li',
	'main',
	'nav',
	'ol',
	'p',
	'pre',
	'section',
	'table',
	'td',
	'th',
	'tr',
	'ul'
]);

/**
 * HTML (or text that may contain tags and entities) to one line of plain text: tags dropped, entities decoded,
 * hidden elements' text skipped, whitespace collapsed. For titles, snippets and search.
 */
export function toPlainText(html: string): string {
	if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
	const parts: string[] = [];
	let hiddenDepth = 0;
	const parser = new Parser(
		{
			onopentagname(name) {
				if (HIDDEN.has(name)) hiddenDepth += 1;
				if (BREAKS.has(name)) parts.push(' ');
			},
			onclosetag(name, isImplied) {
				if (HIDDEN.has(name) && hiddenDepth > 0 && !isImplied) hiddenDepth -= 1;
				if (BREAKS.has(name)) parts.push(' ');
			},
			ontext(text) {
				if (hiddenDepth === 0) parts.push(text);
			}
		},
		{ decodeEntities: true }
	);
	parser.end(html);
	return parts.join('').replace(/\s+/g, ' ').trim();
}
