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

	showView(view: ReaderView): void {
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

	/** Phones: reader -> list -> sidebar. */
	back(): void {
		this.pane = this.pane === 'reader' ? 'list' : 'sidebar';
	}
}

export const reader = new ReaderState();
