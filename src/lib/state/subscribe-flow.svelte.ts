import { subscribe } from '$lib/actions';
import { ApiError } from '$lib/api/api-error';
import type { TidingsDb } from '$lib/db/database';
import { subscriptionToUrl } from '$lib/db/lists';
import { discoverFeeds, type FeedCandidate } from '$lib/api/discover';
import { session } from './session.svelte';

/** An address as typed: "example.com/feed" means https://example.com/feed (what discovery tries first). */
export function withScheme(address: string): string {
	const trimmed = address.trim();
	return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
}

/** What subscribing ended in: a new subscription, or the one the user already had to that feed. */
export type SubscribeOutcome = { subscriptionId: string; existing: boolean };

/**
 * The subscribe dialog's state: the typed address, the feeds discovery found (each with the user's subscription
 * to it, if any), the choice, and what went wrong. `reset()` when the dialog opens, so old errors never linger.
 */
export class SubscribeFlow {
	url = $state('');
	candidates = $state<FeedCandidate[]>([]);
	chosen = $state('');
	folderId = $state('');
	busy = $state(false);
	error = $state<string | null>(null);
	/** Discovery needs the server; offline, the address can still be queued as it is. */
	offline = $state(false);
	/** The user's subscriptions to the candidates, by feed URL. */
	following = $state<Record<string, string>>({});

	readonly chosenExisting = $derived(this.following[this.chosen] ?? null);

	constructor(private readonly db: TidingsDb) {}

	reset(): void {
		this.url = '';
		this.candidates = [];
		this.chosen = '';
		this.following = {};
		this.busy = false;
		this.error = null;
		this.offline = false;
	}

	async discover(): Promise<void> {
		this.busy = true;
		this.error = null;
		this.offline = false;
		this.candidates = [];
		try {
			const feeds = await discoverFeeds(session, this.url.trim());
			const following: Record<string, string> = {};
			for (const feed of feeds) {
				const existing = await subscriptionToUrl(this.db, feed.url);
				if (existing) following[feed.url] = existing.id;
			}
			this.following = following;
			this.candidates = feeds;
			this.chosen = feeds.find((f) => !following[f.url])?.url ?? feeds[0]?.url ?? '';
			if (feeds.length === 0) this.error = 'No feed found at that address.';
		} catch (err) {
			this.offline = err instanceof ApiError && err.status === 0;
			this.error = err instanceof ApiError ? err.message : 'Discovery failed.';
		} finally {
			this.busy = false;
		}
	}

	/** Subscribes to `feedUrl`, or answers the subscription the user already has to it. */
	async add(feedUrl: string): Promise<SubscribeOutcome> {
		const existing = this.following[feedUrl] ?? (await subscriptionToUrl(this.db, feedUrl))?.id;
		if (existing) return { subscriptionId: existing, existing: true };
		const subscriptionId = await subscribe(this.db, feedUrl, this.folderId || null);
		this.reset();
		return { subscriptionId, existing: false };
	}
}
