import { randomUUID } from 'node:crypto';
import { parseOpml } from 'feedsmith';
import type { Store } from '../../db/sql';
import { invalid } from '../../domain-errors';
import { parseMutation } from '#shared/mutations';
import { keysBetween } from '#shared/order-keys';
import { createMutationContext, MutationRejected } from '../../sync/mutations/mutation-context';
import { runMutationInSavepoint } from '../../sync/mutations/registry';
import { listFolders, listSubscriptions } from './opml-repo';

export interface OpmlImportReport {
	added: number;
	skipped: number;
	failed: number;
	failures: { url: string; reason: string }[];
	/** The feeds of the new subscriptions, for the caller to queue their first fetch. */
	feedIds: number[];
}

interface OpmlFeed {
	url: string;
	title: string | null;
	/** The top-level outline that contains it, or null at the top level. */
	folder: string | null;
}

interface Outline {
	text?: string;
	title?: string;
	xmlUrl?: string;
	outlines?: Outline[];
}

/** The most feeds one import takes: a larger file is more likely a mistake than a reading list. */
export const MAX_IMPORT_FEEDS = 5000;
const NAME_MAX = 200;

/**
 * Outlines holding feeds become folders one level deep: a feed nested deeper goes into its top-level outline's
 * folder. Folders are matched by name with the user's existing ones.
 */
export function readOpmlFeeds(xml: string): OpmlFeed[] {
	let outlines: Outline[];
	try {
		outlines = (parseOpml(xml) as { body?: { outlines?: Outline[] } }).body?.outlines ?? [];
	} catch (err) {
		throw invalid(`this is not an OPML file: ${(err as Error).message}`);
	}
	const feeds: OpmlFeed[] = [];
	const walk = (outline: Outline, folder: string | null) => {
		const name = (outline.title ?? outline.text ?? '').trim().slice(0, NAME_MAX) || null;
		if (outline.xmlUrl) feeds.push({ url: outline.xmlUrl.trim(), title: name, folder });
		for (const child of outline.outlines ?? []) walk(child, folder ?? (outline.xmlUrl ? null : (name ?? 'Imported')));
	};
	for (const outline of outlines) walk(outline, null);
	return feeds;
}

function normalizeUrl(url: string): string | null {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
	} catch {
		return null;
	}
}

/**
 * Imports in one write transaction through the same folder.create and subscription.create functions a sync push
 * runs: new folders and subscriptions get UUIDs and fractional order keys after the user's existing ones. Feeds
 * the user already has, or that the file lists twice, are skipped; unusable URLs are reported as failed.
 */
export async function importOpml(db: Store, userId: number, xml: string, now: number): Promise<OpmlImportReport> {
	const listed = readOpmlFeeds(xml);
	if (listed.length > MAX_IMPORT_FEEDS) {
		throw invalid(`an import takes at most ${MAX_IMPORT_FEEDS} feeds`);
	}
	return await db.transaction(async (tx) => {
		const report: OpmlImportReport = { added: 0, skipped: 0, failed: 0, failures: [], feedIds: [] };
		const ctx = createMutationContext(tx, userId, now);
		const apply = async (name: string, args: unknown): Promise<string | null> => {
			const parsed = parseMutation({ id: 0, name, args });
			if (!parsed.ok) return parsed.message;
			try {
				// A savepoint, as in a push: a rejected mutation leaves nothing behind.
				await runMutationInSavepoint(ctx, parsed.mutation);
				return null;
			} catch (err) {
				if (err instanceof MutationRejected) return err.message;
				throw err;
			}
		};
		const existing = await listSubscriptions(tx, userId);
		const known = new Set(existing.map((s) => s.url));
		const folders = new Map((await listFolders(tx, userId)).map((f) => [f.name, f]));
		const toAdd: OpmlFeed[] = [];
		for (const feed of listed) {
			const url = normalizeUrl(feed.url);
			if (!url) {
				report.failures.push({ url: feed.url, reason: 'not an http or https URL' });
			} else if (known.has(url)) {
				report.skipped += 1;
			} else {
				known.add(url);
				toAdd.push({ ...feed, url });
			}
		}
		const folderIds = new Map<string, string>();
		const newFolders = [...new Set(toAdd.flatMap((f) => (f.folder && !folders.has(f.folder) ? [f.folder] : [])))];
		const lastFolderKey = maxKey([...folders.values()].map((f) => f.order_key));
		for (const [i, orderKey] of keysBetween(lastFolderKey, null, newFolders.length).entries()) {
			const folderId = randomUUID();
			if ((await apply('folder.create', { folderId, name: newFolders[i]!, orderKey })) === null) {
				folderIds.set(newFolders[i]!, folderId);
			}
		}
		for (const [name, folder] of folders) folderIds.set(name, folder.id);

		// Map.groupBy is Node 21+.
		const byFolder = new Map<string | null, OpmlFeed[]>();
		for (const feed of toAdd) {
			const folderId = feed.folder ? (folderIds.get(feed.folder) ?? null) : null;
			byFolder.set(folderId, [...(byFolder.get(folderId) ?? []), feed]);
		}
		for (const [folderId, feeds] of byFolder) {
			const lastKey = maxKey(existing.filter((s) => s.folder_id === folderId).map((s) => s.order_key));
			for (const [i, orderKey] of keysBetween(lastKey, null, feeds.length).entries()) {
				const { url, title } = feeds[i]!;
				const failure = await apply('subscription.create', {
					subscriptionId: randomUUID(),
					url,
					folderId,
					orderKey,
					title: keptTitle(title, url)
				});
				if (failure === null) report.added += 1;
				else report.failures.push({ url, reason: failure });
			}
		}
		report.feedIds = [...ctx.subscribedFeedIds];
		report.failed = report.failures.length;
		return report;
	});
}

/**
 * The name the person's previous reader showed is kept as the subscription's own title, as other readers do, so a
 * move between readers keeps the names they chose. A title that is only the address (our export writes the URL when
 * a feed has no title) is not a name: the feed's own title shows instead.
 */
function keptTitle(title: string | null, url: string): string | null {
	if (!title) return null;
	const same = normalizeUrl(title);
	return same === url ? null : title;
}

function maxKey(keys: string[]): string | null {
	return keys.reduce<string | null>((max, key) => (max === null || key > max ? key : max), null);
}
