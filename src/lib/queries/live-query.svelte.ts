import { liveQuery } from 'dexie';
import { catchUp } from '$lib/state/catch-up.svelte';

/**
 * Follows a Dexie liveQuery from a component. `build` runs inside an effect, so every $state it reads (the
 * database, the view) restarts the query; the function it returns runs in Dexie's own observation context.
 * Returns null from `build` while there is nothing to query. While a sync catches up (see catchUp), the query
 * is read once per refresh tick instead of after every page the sync commits.
 */
export function useLiveQuery<T>(build: () => (() => Promise<T>) | null, initial: T): { readonly current: T } {
	let current = $state<T>(initial);
	$effect(() => {
		const querier = build();
		if (!querier) {
			current = initial;
			return;
		}
		if (catchUp.active) {
			void catchUp.tick; // read so that the effect runs again at the next tick
			return readOnce(querier);
		}
		const subscription = liveQuery(querier).subscribe({
			next: (value) => {
				current = value;
			},
			error: reportFailure
		});
		return () => subscription.unsubscribe();
	});

	function readOnce(querier: () => Promise<T>): () => void {
		let stale = false;
		querier().then((value) => {
			if (!stale) current = value;
		}, reportFailure);
		return () => {
			stale = true;
		};
	}

	return {
		get current() {
			return current;
		}
	};
}

function reportFailure(err: unknown): void {
	console.error('local query failed', err);
}
