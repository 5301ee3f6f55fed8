import DOMPurify, { type Config } from 'dompurify';
import { isAllowedEmbed } from '$lib/shared/embed-hosts';

/**
 * The second sanitizing pass, in the browser, right before article HTML is inserted. The server already cleaned
 * it, but content also arrives from caches and older server versions, and the page must hold even if one pass
 * misses something. Only this module's output is ever given to {@html}.
 */
const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-presentation';

const config: Config = {
	FORBID_TAGS: [
		'script',
		'style',
		'form',
		'input',
		'button',
		'select',
		'textarea',
		'object',
		'embed',
		'link',
		'meta',
		'base'
	],
	FORBID_ATTR: ['formaction', 'action', 'srcdoc', 'ping'],
	ADD_TAGS: ['iframe'],
	ADD_ATTR: ['allowfullscreen', 'target', 'loading', 'referrerpolicy', 'sandbox'],
	ALLOW_DATA_ATTR: false
};

let purifier: ReturnType<typeof DOMPurify> | null = null;

function createPurifier(): ReturnType<typeof DOMPurify> {
	const instance = DOMPurify(window);
	instance.addHook('uponSanitizeElement', (node, data) => {
		if (data.tagName !== 'iframe') return;
		const src = (node as Element).getAttribute('src') ?? '';
		if (!isAllowedEmbed(src)) node.parentNode?.removeChild(node);
	});
	instance.addHook('afterSanitizeAttributes', (node) => {
		switch (node.nodeName) {
			case 'A':
				if (node.hasAttribute('href')) {
					node.setAttribute('target', '_blank');
					node.setAttribute('rel', 'noopener noreferrer');
				}
				break;
			case 'IMG':
				node.setAttribute('loading', 'lazy');
				node.setAttribute('referrerpolicy', 'no-referrer');
				break;
			case 'IFRAME':
				node.setAttribute('sandbox', IFRAME_SANDBOX);
				node.setAttribute('loading', 'lazy');
				node.setAttribute('referrerpolicy', 'no-referrer');
				break;
			case 'AUDIO':
			case 'VIDEO':
				node.setAttribute('controls', '');
				node.setAttribute('preload', 'none');
				node.removeAttribute('autoplay');
				break;
		}
	});
	return instance;
}

export function sanitizeArticleHtml(html: string): string {
	purifier ??= createPurifier();
	return purifier.sanitize(html, { ...config, RETURN_TRUSTED_TYPE: false }) as string;
}
