import { randomUUID } from 'node:crypto';
import { generateNKeysBetween } from 'fractional-indexing';
import type { MutationEnvelope } from '#shared/mutations';
import { call } from '../../support/http';
import type { FeedServer } from '../../support/feed-server';

export interface SeededFolder {
	id: string;
	name: string;
}

export interface SeededFeed {
	id: string;
	title: string;
	url: string;
	folderId: string | null;
}

export interface Library {
	folders: SeededFolder[];
	feeds: SeededFeed[];
}

/**
 * A small valid RSS feed. Entries are dated within the last day, one minute apart, the last one newest, unless
 * they give their own `date`: the app drops read entries older than its "days kept offline" setting from the device.
 */
export function smallFeed(
	title: string,
	entries: { guid: string; title: string; html: string; link?: string; date?: number }[]
): string {
	const start = Date.now() - 24 * 60 * 60 * 1000;
	const items = entries
		.map(
			(e, i) =>
				`<item><title>${escapeXml(e.title)}</title><guid isPermaLink="false">${escapeXml(e.guid)}</guid>` +
				(e.link ? `<link>${escapeXml(e.link)}</link>` : '') +
				`<pubDate>${new Date(e.date ?? start + i * 60_000).toUTCString()}</pubDate>` +
				`<description><![CDATA[${e.html}]]></description></item>`
		)
		.join('');
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://site.invalid/</link><description>test</description>${items}</channel></rss>`;
}

function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Creates folders and subscriptions in ONE push, as a script or another device would: `folderCount` folders of
 * `perFolder` feeds, then `topLevel` feeds outside folders. Feeds are named "Feed 001", "Feed 002", ...
 */
export async function seedLibrary(
	url: string,
	token: string,
	feeds: FeedServer,
	shape: { folderCount: number; perFolder: number; topLevel: number }
): Promise<Library> {
	const folderKeys = generateNKeysBetween(null, null, shape.folderCount);
	const folders = folderKeys.map((_, i) => ({ id: randomUUID(), name: `Folder ${i + 1}` }));
	const mutations: Omit<MutationEnvelope, 'id'>[] = folders.map((f, i) => ({
		name: 'folder.create',
		args: { folderId: f.id, name: f.name, orderKey: folderKeys[i]! }
	}));
	const library: Library = { folders, feeds: [] };
	const groups: (string | null)[] = [...folders.map((f) => f.id), null];
	let n = 0;
	for (const folderId of groups) {
		const count = folderId === null ? shape.topLevel : shape.perFolder;
		const keys = count > 0 ? generateNKeysBetween(null, null, count) : [];
		for (const orderKey of keys) {
			n += 1;
			const title = `Feed ${String(n).padStart(3, '0')}`;
			const path = `/many/${n}.rss`;
			feeds.setFeed(
				path,
				smallFeed(title, [{ guid: `${n}-1`, title: `${title}: hello`, html: `<p>Hello from ${title}</p>` }])
			);
			const feed = { id: randomUUID(), title, url: `${feeds.url}${path}`, folderId };
			library.feeds.push(feed);
			mutations.push({
				name: 'subscription.create',
				args: { subscriptionId: feed.id, url: feed.url, folderId, orderKey, title }
			});
		}
	}
	await seedPush(url, token, mutations);
	return library;
}

/** Set-up a scenario does not show in the UI: one push from a throwaway device; every mutation must apply. */
export async function seedPush(url: string, token: string, mutations: Omit<MutationEnvelope, 'id'>[]): Promise<void> {
	const res = await call(url, 'POST', '/api/sync/push', {
		token,
		body: {
			protocolVersion: 1,
			clientId: `seed-${randomUUID()}`,
			mutations: mutations.map((m, i) => ({ ...m, id: i + 1 }))
		}
	});
	const rejected = (res.body?.results ?? []).filter((r: { status: string }) => r.status !== 'applied');
	if (res.status !== 200 || rejected.length > 0) {
		throw new Error(`seeding failed: ${res.status} ${JSON.stringify(rejected.length ? rejected : res.body)}`);
	}
}

/** One subscription.create at the top level (or in `folderId`), for seedPush. */
export function subscribeTo(
	url: string,
	folderId: string | null = null,
	orderKey = 'a0'
): Omit<MutationEnvelope, 'id'> {
	return { name: 'subscription.create', args: { subscriptionId: randomUUID(), url, folderId, orderKey } };
}
