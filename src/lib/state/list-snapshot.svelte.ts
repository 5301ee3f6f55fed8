import { untrack } from 'svelte';
import { keepInPlace, missingFrom } from './list-navigation';

/**
 * The ids a list shows, held for as long as one view stays open. A live "unread" list would drop each entry the
 * moment it is read, shifting the rest up under the reader's j/k; instead, an entry that leaves the live list
 * keeps its place until the user refreshes the list or opens another view (as NetNewsWire, Feedbin and Reeder
 * do). New entries still appear where the live list puts them.
 */
export class ListSnapshot {
	private ids = $state.raw<number[]>([]);
	private key = $state.raw<string | null>(null);

	/**
	 * The ids to show for the list `key`; null until its first update. Another view's ids are never shown under
	 * this one: j right after a change of view would open an entry of the old list, and the new view's first
	 * update would then start over without the entry it had just read.
	 */
	idsOf(key: string): number[] | null {
		return key === this.key ? this.ids : null;
	}

	/** The snapshot's ids that are not in `live` (read since, or gone), which the next update keeps if still stored. */
	leftOut(key: string, live: number[]): number[] {
		return untrack(() => (key === this.key ? missingFrom(this.ids, live) : []));
	}

	/**
	 * The live list of the view `key` changed. Another key starts over from the live list; the same key keeps the
	 * ids that left it and are `stillStored`, each after the entry it followed.
	 */
	update(key: string, live: number[], stillStored: ReadonlySet<number>): void {
		if (key !== untrack(() => this.key)) {
			this.key = key;
			this.ids = live;
			return;
		}
		this.ids = keepInPlace(
			untrack(() => this.ids),
			live,
			stillStored
		);
	}
}
