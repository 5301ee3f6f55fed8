import { defaultUserSettings, mutationArgsSchemas, type Mutation, type UserSettings } from '#shared/mutations';

/**
 * A reference model of one user's synced state and the documented rules (docs/sync-protocol.md), written as
 * plainly as possible, for the property test to compare the server against.
 */
export interface ModelState {
	folders: Map<string, { name: string; orderKey: string }>;
	subscriptions: Map<string, { url: string; folderId: string | null; orderKey: string; title: string | null }>;
	states: Map<number, { read: boolean; starred: boolean }>;
	settings: UserSettings;
}

export class SyncModel {
	readonly state: ModelState = {
		folders: new Map(),
		subscriptions: new Map(),
		states: new Map(),
		settings: { ...defaultUserSettings }
	};
	readonly #deletedFolders = new Set<string>();
	readonly #deletedSubscriptions = new Set<string>();

	/** entryFeeds: the feed URL of each entry that exists. */
	constructor(readonly entryFeeds: Map<number, string>) {}

	/** Applies one mutation as the server should, answering whether it applied. */
	apply(mutation: { name: string; args: unknown }): 'applied' | 'rejected' {
		const schema = mutationArgsSchemas[mutation.name as Mutation['name']];
		if (!schema || !schema.safeParse(mutation.args).success) return 'rejected';
		return this.#apply({ ...mutation, id: 0 } as Mutation) ? 'applied' : 'rejected';
	}

	#apply(m: Mutation): boolean {
		const { folders, subscriptions } = this.state;
		const folderOrTop = (id: string | null) => (id !== null && folders.has(id) ? id : null);
		switch (m.name) {
			case 'folder.create':
				if (folders.has(m.args.folderId) || this.#deletedFolders.has(m.args.folderId)) return false;
				folders.set(m.args.folderId, { name: m.args.name, orderKey: m.args.orderKey });
				return true;
			case 'folder.rename':
			case 'folder.reorder': {
				const folder = folders.get(m.args.folderId);
				if (!folder) return false;
				if (m.name === 'folder.rename') folder.name = m.args.name;
				else folder.orderKey = m.args.orderKey;
				return true;
			}
			case 'folder.delete':
				if (!folders.delete(m.args.folderId)) return false;
				this.#deletedFolders.add(m.args.folderId);
				for (const sub of subscriptions.values()) if (sub.folderId === m.args.folderId) sub.folderId = null;
				return true;
			case 'subscription.create': {
				const { subscriptionId: id, url } = m.args;
				if (subscriptions.has(id) || this.#deletedSubscriptions.has(id)) return false;
				if ([...subscriptions.values()].some((s) => s.url === url)) return false;
				const title = m.args.title ?? null;
				subscriptions.set(id, { url, folderId: folderOrTop(m.args.folderId), orderKey: m.args.orderKey, title });
				return true;
			}
			case 'subscription.update': {
				const sub = subscriptions.get(m.args.subscriptionId);
				if (!sub) return false;
				if (m.args.folderId !== undefined) sub.folderId = folderOrTop(m.args.folderId);
				if (m.args.orderKey !== undefined) sub.orderKey = m.args.orderKey;
				if (m.args.title !== undefined) sub.title = m.args.title;
				return true;
			}
			case 'subscription.delete':
				if (!subscriptions.delete(m.args.subscriptionId)) return false;
				this.#deletedSubscriptions.add(m.args.subscriptionId);
				return true;
			case 'entry.setRead': {
				const mine = m.args.entryIds.filter((id) => this.#subscribedEntry(id));
				if (mine.length === 0) return false;
				for (const id of mine) this.#mark(id, { read: m.args.read });
				return true;
			}
			case 'entry.setStarred':
				if (!this.#subscribedEntry(m.args.entryId)) return false;
				this.#mark(m.args.entryId, { starred: m.args.starred });
				return true;
			case 'entry.markAllRead': {
				const { scope } = m.args;
				if (scope.kind === 'folder' && !folders.has(scope.folderId)) return false;
				if (scope.kind === 'subscription' && !subscriptions.has(scope.subscriptionId)) return false;
				const inScope = [...subscriptions.entries()].filter(
					([id, s]) =>
						scope.kind === 'all' ||
						(scope.kind === 'folder' && s.folderId === scope.folderId) ||
						(scope.kind === 'subscription' && id === scope.subscriptionId)
				);
				const urls = new Set(inScope.map(([, s]) => s.url));
				for (const [id, url] of this.entryFeeds) if (id <= m.args.upTo && urls.has(url)) this.#mark(id, { read: true });
				return true;
			}
			case 'settings.update':
				this.state.settings = { ...this.state.settings, ...m.args.settings };
				return true;
		}
	}

	#subscribedEntry(entryId: number): boolean {
		const url = this.entryFeeds.get(entryId);
		return url !== undefined && [...this.state.subscriptions.values()].some((s) => s.url === url);
	}

	#mark(entryId: number, change: { read?: boolean; starred?: boolean }): void {
		const current = this.state.states.get(entryId) ?? { read: false, starred: false };
		this.state.states.set(entryId, { ...current, ...change });
	}
}
