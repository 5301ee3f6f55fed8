import TinyQueue from 'tinyqueue';
import type { NormalizedEntry } from '../types';

/** An entry normalized on its own, before the feed's language (which may come after it) gives it a direction. */
export type PendingEntry = Omit<NormalizedEntry, 'dir'>;

interface Ranked {
	entry: PendingEntry;
	/** Position in the document. */
	index: number;
}

/**
 * The entries of a document as it is read, one at a time: the first of each guid, and at most `max` of them, the
 * newest by date (among equal dates the earlier in the document). A whole archive in one file (80,000 items) is
 * thus never held at once: the oldest kept entry is dropped as soon as a newer one arrives. Feeds list newest
 * first as a rule but not always, hence the dates. Only the guids of dropped entries stay, so that a later
 * duplicate of a dropped entry does not come back in its place.
 */
export class EntrySelection {
	readonly #max: number;
	readonly #seen = new Set<string>();
	// The oldest kept entry on top, and of equal dates the later one in the document: the next to drop.
	readonly #kept = new TinyQueue<Ranked>([], (a, b) => a.entry.publishedAt - b.entry.publishedAt || b.index - a.index);
	#count = 0;

	constructor(max: number) {
		this.#max = max;
	}

	push(entry: PendingEntry): void {
		if (this.#seen.has(entry.guid)) return;
		this.#seen.add(entry.guid);
		this.#kept.push({ entry, index: this.#count++ });
		if (this.#kept.length > this.#max) this.#kept.pop();
	}

	/** The kept entries in document order. */
	entries(): PendingEntry[] {
		return this.#kept.data
			.slice(0, this.#kept.length)
			.sort((a, b) => a.index - b.index)
			.map((ranked) => ranked.entry);
	}
}
