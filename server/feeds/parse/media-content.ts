import type { MediaNs } from 'feedsmith';
import { firstNonEmpty, textToHtml } from './raw-feed';

type Media = MediaNs.ItemOrFeed | undefined;
type Described = { description?: { value?: string; type?: string }; thumbnails?: { url?: string }[] };

/**
 * Media RSS as content, for entries that have no other (YouTube channel feeds, many video and photo feeds):
 * the thumbnail and the description, as HTML.
 */
export function mediaContentHtml(media: Media): string | null {
	const group = media?.groups?.[0];
	const sources: Described[] = [media, group, group?.contents?.[0], media?.contents?.[0]].filter(
		(s): s is Described => s !== undefined
	);
	const description = sources.map((s) => s.description).find((d) => d?.value?.trim());
	const thumbnail = firstNonEmpty(...sources.flatMap((s) => s.thumbnails ?? []).map((t) => t.url));
	const parts = [
		thumbnail ? `<p><img src="${thumbnail.replace(/"/g, '&quot;')}" alt=""></p>` : '',
		description?.value ? (description.type === 'html' ? description.value : textToHtml(description.value)) : ''
	].join('');
	return parts || null;
}
