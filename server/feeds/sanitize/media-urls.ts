import type { Attributes, Transformer } from 'sanitize-html';
import { signMediaUrl } from '../../media/media-signing';
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
	if (!key) return transforms;
	const proxied = { ...transforms };
	for (const [tag, names] of Object.entries(IMAGE_ATTRIBUTES)) {
		const inner = transforms[tag];
		proxied[tag] = (tagName: string, attribs: Attributes) => {
			const result = inner ? inner(tagName, attribs) : { tagName, attribs };
			return { ...result, attribs: signImageAttributes(result.attribs, names, key) };
		};
	}
	return proxied;
}

function signImageAttributes(attribs: Attributes, names: string[], key: string): Attributes {
	const signed = { ...attribs };
	const sign = (url: string) => (/^https?:\/\//i.test(url) ? signMediaUrl(key, url) : url);
	for (const name of names) {
		const value = attribs[name];
		if (!value) continue;
		signed[name] = name === 'srcset' ? (mapSrcset(value, sign) ?? '') : sign(value);
	}
	return signed;
}
