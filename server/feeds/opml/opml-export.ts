import { generateOpml } from 'feedsmith';
import type { Sql } from '../../db/sql';
import { compareOrder } from '#shared/order-keys';
import { listFolders, listSubscriptions, type OpmlSubscription } from './opml-repo';

type Outline = { text: string; title?: string; type?: string; xmlUrl?: string; htmlUrl?: string; outlines?: Outline[] };

const byOrder = <T extends { order_key: string; id: string }>(a: T, b: T) =>
	compareOrder({ orderKey: a.order_key, id: a.id }, { orderKey: b.order_key, id: b.id });

function feedOutline(sub: OpmlSubscription): Outline {
	const title = sub.title ?? sub.feed_title ?? sub.url;
	return { text: title, title, type: 'rss', xmlUrl: sub.url, ...(sub.site_url ? { htmlUrl: sub.site_url } : {}) };
}

/** The user's subscriptions as OPML 2.0, folders as outlines holding their feeds, in the user's order. */
export async function exportOpml(db: Sql, userId: number, now: number): Promise<string> {
	const subscriptions = (await listSubscriptions(db, userId)).sort(byOrder);
	const folders = (await listFolders(db, userId)).sort(byOrder);
	const inFolder = (folderId: string | null) => subscriptions.filter((s) => s.folder_id === folderId).map(feedOutline);
	// Folders first, then loose feeds, as the app's sidebar shows them.
	const outlines: Outline[] = [
		...folders.map((folder) => ({ text: folder.name, title: folder.name, outlines: inFolder(folder.id) })),
		...inFolder(null)
	];
	return generateOpml({
		head: { title: 'Tidings subscriptions', dateCreated: new Date(now) },
		body: { outlines }
	});
}
