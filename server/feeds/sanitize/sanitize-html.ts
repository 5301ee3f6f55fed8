import sanitizeHtml, { type IOptions, type Transformer } from 'sanitize-html';
import { absoluteSrcset, absoluteUrl } from './absolute-urls';
import { proxyImages } from './media-urls';
import { EMBED_HOSTNAMES, isAllowedEmbed } from '#shared/embed-hosts';

export { toPlainText } from './plain-text';

const SAFE_DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)[;,]/i;

const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-presentation';

function isTrackingPixel(attribs: Record<string, string>): boolean {
	const size = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : Number.parseFloat(v));
	const width = size(attribs.width);
	const height = size(attribs.height);
	const tiny = (n: number | null) => n !== null && n <= 1;
	return (tiny(width) && (height === null || tiny(height))) || (tiny(height) && width === null);
}

function transforms(base: string): Record<string, Transformer> {
	const withUrls =
		(extra: Record<string, string> = {}): Transformer =>
		(tagName, attribs) => ({
			tagName,
			attribs: dropUndefined({
				...attribs,
				src: absoluteUrl(attribs.src, base),
				srcset: absoluteSrcset(attribs.srcset, base),
				poster: absoluteUrl(attribs.poster, base),
				cite: absoluteUrl(attribs.cite, base),
				...extra
			})
		});
	return {
		a: (tagName, attribs) => ({
			tagName,
			attribs: dropUndefined({
				...attribs,
				href: absoluteUrl(attribs.href, base),
				rel: 'noopener noreferrer',
				target: '_blank'
			})
		}),
		img: (tagName, attribs) => {
			const src = absoluteUrl(attribs.src, base);
			// data: URLs only for images, and only raster ones (an SVG can carry script).
			const safeSrc = src && /^data:/i.test(src) && !SAFE_DATA_IMAGE.test(src) ? undefined : src;
			return withUrls({ loading: 'lazy' })(tagName, { ...attribs, src: safeSrc ?? '' });
		},
		source: withUrls(),
		track: withUrls(),
		audio: withUrls({ controls: '' }),
		video: withUrls({ controls: '' }),
		iframe: withUrls({ sandbox: IFRAME_SANDBOX, loading: 'lazy', allowfullscreen: '' }),
		blockquote: withUrls(),
		q: withUrls(),
		del: withUrls(),
		ins: withUrls()
	};
}

function dropUndefined(attribs: Record<string, string | undefined>): Record<string, string> {
	return Object.fromEntries(Object.entries(attribs).filter((e): e is [string, string] => e[1] !== undefined));
}

const BASE_OPTIONS: IOptions = {
	allowedTags: [
		'p',
		'br',
		'hr',
		'h1',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'blockquote',
		'pre',
		'code',
		'kbd',
		'samp',
		'var',
		'em',
		'strong',
		'b',
		'i',
		'u',
		's',
		'strike',
		'del',
		'ins',
		'mark',
		'small',
		'sub',
		'sup',
		'abbr',
		'cite',
		'q',
		'dfn',
		'time',
		'span',
		'div',
		'section',
		'article',
		'aside',
		'header',
		'footer',
		'details',
		'summary',
		'ul',
		'ol',
		'li',
		'dl',
		'dt',
		'dd',
		'a',
		'img',
		'picture',
		'source',
		'figure',
		'figcaption',
		'table',
		'caption',
		'thead',
		'tbody',
		'tfoot',
		'tr',
		'th',
		'td',
		'colgroup',
		'col',
		'audio',
		'video',
		'track',
		'iframe',
		'ruby',
		'rt',
		'rp',
		'bdi',
		'bdo',
		'wbr',
		'address',
		// Legacy presentational elements old feeds still use: harmless, and their text reads better kept in them.
		'acronym',
		'big',
		'center',
		'font',
		'tt'
	],
	allowedAttributes: {
		'*': ['dir', 'lang', 'title'],
		a: ['href', 'rel', 'target', 'hreflang'],
		img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
		source: ['src', 'srcset', 'sizes', 'type', 'media'],
		audio: ['src', 'controls', 'preload', 'loop', 'muted'],
		video: ['src', 'controls', 'poster', 'preload', 'loop', 'muted', 'width', 'height', 'playsinline'],
		track: ['src', 'kind', 'srclang', 'label', 'default'],
		iframe: ['src', 'width', 'height', 'sandbox', 'loading', 'allowfullscreen'],
		blockquote: ['cite'],
		q: ['cite'],
		del: ['cite', 'datetime'],
		ins: ['cite', 'datetime'],
		time: ['datetime'],
		font: ['color', 'face', 'size'],
		td: ['colspan', 'rowspan', 'headers'],
		th: ['colspan', 'rowspan', 'headers', 'scope'],
		col: ['span'],
		colgroup: ['span'],
		ol: ['start', 'reversed', 'type'],
		li: ['value']
	},
	selfClosing: ['img', 'br', 'hr', 'wbr', 'source', 'track', 'col'],
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesByTag: { img: ['http', 'https', 'data'] },
	allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
	allowProtocolRelative: false,
	allowedIframeHostnames: EMBED_HOSTNAMES,
	allowIframeRelativeUrls: false,
	// Elements whose content must go with them, not be kept as text.
	nonTextTags: [
		'script',
		'style',
		'textarea',
		'option',
		'select',
		'noscript',
		'title',
		'template',
		'svg',
		'math',
		'head'
	],
	exclusiveFilter: (frame) =>
		(frame.tag === 'img' && (!frame.attribs.src || isTrackingPixel(frame.attribs))) ||
		(frame.tag === 'iframe' && !isAllowedEmbed(frame.attribs.src)) ||
		((frame.tag === 'source' || frame.tag === 'track') && !frame.attribs.src && !frame.attribs.srcset)
};

/**
 * Feed HTML made safe to store and show: an allowlist of structure, links, media and tables; every URL absolute
 * against the entry's base; links open in a new tab without an opener; images lazy, tracking pixels gone;
 * iframes only for YouTube and Vimeo embeds, sandboxed; with a media key, images through the media proxy. The
 * browser sanitizes a second time (DOMPurify).
 */
export function sanitizeEntryHtml(html: string, baseUrl: string, mediaKey?: string | null): string {
	return sanitizeHtml(html, { ...BASE_OPTIONS, transformTags: proxyImages(transforms(baseUrl), mediaKey) }).trim();
}
