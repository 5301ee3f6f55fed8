import { liveQuery } from 'dexie';

/**
 * Follows a Dexie liveQuery from a component. `build` runs inside an effect, so every $state it reads (the
 * database, the view) restarts the query; the function it returns runs in Dexie's own observation context.
 * Returns null from `build` while there is nothing to query.
 */
export function useLiveQuery<T>(build: () => (() => Promise<T>) | null, initial: T): { readonly current: T } {
	let current = $state<T>(initial);
	$effect(() => {
		const querier = build();
		if (!querier) {
			current = initial;
			return;
		}
		const subscription = liveQuery(querier).subscribe({
			next: (value) => {
				current = value;
			},
			error: (err: unknown) => console.error('local query failed', err)
		});
		return () => subscription.unsubscribe();
	});
	return {
		get current() {
			return current;
		}
	};
}
