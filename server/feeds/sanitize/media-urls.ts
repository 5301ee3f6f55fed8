import sanitizeHtml, { type Attributes, type Transformer } from 'sanitize-html';
import { MEDIA_PATH, signMediaUrl } from '../../media/media-signing';
import { mapSrcset } from './absolute-urls';

/** The attributes that load an image, per element: a picture's source and a video's poster are images too. */
const IMAGE_ATTRIBUTES: Record<string, string[]> = {
	img: ['src', 'srcset'],
	source: ['srcset'],
	video: ['poster']
};

/**
 * The sanitizer's transforms, extended so every image URL (img src and srcset, picture source srcset, video
 * poster) becomes a signed same-origin /api/media URL; with no key (MEDIA_PROXY=off) they stay as they are.
 * Audio and video files stay direct: they stream with range requests the proxy does not serve.
 */
export function proxyImages(
	transforms: Record<string, Transformer>,
	key: string | null | undefined
): Record<string, Transformer> {
	return key ? withImageUrls(transforms, signer(key)) : transforms;
}

function signer(key: string): (url: string) => string {
	return (url) => (/^https?:\/\//i.test(url) ? signMediaUrl(key, url) : url);
}

/**
 * Stored (already sanitized) HTML with its image URLs written for the current setting: proxy URLs made with any
 * key turned back into the original, then signed with this key, or left direct without one. Used when the
 * server starts with another MEDIA_PROXY or key than the stored entries were written with.
 */
export function restampImageUrls(html: string, key: string | null): string {
	if (!/<(img|source|video)\b/i.test(html)) return html;
	const sign = key ? signer(key) : (url: string) => url;
	const transformTags = withImageUrls({}, (url) => sign(url.startsWith(MEDIA_PATH) ? originalOf(url) : url));
	// Everything else passes as it is: this HTML was sanitized at ingest, only its image URLs change (this pass
	// adds nothing, so allowing every tag cannot let in what the ingest sanitizer removed).
	return sanitizeHtml(html, {
		allowedTags: false,
		allowVulnerableTags: true,
		allowedAttributes: false,
		allowedSchemesAppliedToAttributes: [],
		// The ingest sanitizer writes these void elements as <x />; written back the same way, nothing else moves.
		selfClosing: [...sanitizeHtml.defaults.selfClosing, 'wbr', 'source', 'track', 'col'],
		transformTags
	});
}

function originalOf(mediaUrl: string): string {
	const encoded = mediaUrl.slice(MEDIA_PATH.length).split('/')[1] ?? '';
	return Buffer.from(encoded, 'base64url').toString();
}

function withImageUrls(
	transforms: Record<string, Transformer>,
	map: (url: string) => string
): Record<string, Transformer> {
	const mapped = { ...transforms };
	for (const [tag, names] of Object.entries(IMAGE_ATTRIBUTES)) {
		const inner = transforms[tag];
		mapped[tag] = (tagName: string, attribs: Attributes) => {
			const result = inner ? inner(tagName, attribs) : { tagName, attribs };
			const changed = { ...result.attribs };
			for (const name of names) {
				const value = changed[name];
				if (value) changed[name] = name === 'srcset' ? (mapSrcset(value, map) ?? '') : map(value);
			}
			return { ...result, attribs: changed };
		};
	}
	return mapped;
}
