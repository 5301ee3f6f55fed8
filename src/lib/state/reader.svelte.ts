import { ListSnapshot } from './list-snapshot.svelte';
import type { ReaderLocation } from './reader-url';

/** What the reader shows: the chosen view, the open entry, and on phones which single pane is visible. */
export type ReaderView =
	| { kind: 'unread' }
	| { kind: 'starred' }
	| { kind: 'all' }
	| { kind: 'folder'; folderId: string }
	| { kind: 'subscription'; subscriptionId: string };

export type Pane = 'sidebar' | 'list' | 'reader';

export function sameView(a: ReaderView, b: ReaderView): boolean {
	if (a.kind !== b.kind) return false;
	if (a.kind === 'folder') return a.folderId === (b as typeof a).folderId;
	if (a.kind === 'subscription') return a.subscriptionId === (b as typeof a).subscriptionId;
	return true;
}

class ReaderState {
	view = $state<ReaderView>({ kind: 'unread' });
	selectedEntryId = $state<number | null>(null);
	/** Where the selection was in the list, so j/k keep their place when the open entry leaves a "hide read" list. */
	selectedIndex = $state(-1);
	pane = $state<Pane>('list');
	/** A search replaces the view's list while it is not empty. */
	searchQuery = $state('');
	helpOpen = $state(false);
	subscribeOpen = $state(false);
	/** Bumped when the user asks for a fresh list, so the list no longer keeps the entries read since. */
	listGeneration = $state(0);
	readonly list = new ListSnapshot();

	/** Choosing a view, even the one shown, starts its list over. */
	showView(view: ReaderView): void {
		this.refreshList();
		this.view = view;
		this.searchQuery = '';
		this.selectedEntryId = null;
		this.selectedIndex = -1;
		this.pane = 'list';
	}

	openEntry(entryId: number, index: number): void {
		this.selectedEntryId = entryId;
		this.selectedIndex = index;
		this.pane = 'reader';
	}

	/** The open entry left the device (its feed was unsubscribed): nothing is open any more. */
	closeEntry(): void {
		this.selectedEntryId = null;
		this.selectedIndex = -1;
		if (this.pane === 'reader') this.pane = 'list';
	}

	refreshList(): void {
		this.listGeneration += 1;
	}

	/** What identifies the list on screen: the view, how it is ordered and filtered, and its generation. */
	listKey(options: { sortOrder: string; hideRead: boolean }): string {
		return JSON.stringify([this.view, options.sortOrder, options.hideRead, this.listGeneration]);
	}

	/** Phones: reader -> list -> sidebar. Leaving the reader closes the entry (its address goes with it). */
	back(): void {
		if (this.pane === 'reader') this.closeEntry();
		else this.pane = 'sidebar';
	}

	get location(): ReaderLocation {
		return { view: this.view, search: this.searchQuery, entryId: this.selectedEntryId };
	}

	/** The address changed (arrival, reload, Back, Forward): show what it names. */
	applyLocation(location: ReaderLocation): void {
		if (!sameView(location.view, this.view)) {
			this.refreshList();
			this.view = location.view;
		}
		this.searchQuery = location.search;
		if (location.entryId !== this.selectedEntryId) {
			this.selectedEntryId = location.entryId;
			this.selectedIndex = -1;
		}
		if (location.entryId !== null) this.pane = 'reader';
		else if (this.pane === 'reader') this.pane = 'list';
	}
}

export const reader = new ReaderState();
