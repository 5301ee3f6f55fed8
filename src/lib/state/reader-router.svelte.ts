import { readerPath, type ReaderLocation } from './reader-url';

export interface History {
	/**
	 * Goes to a reader address, adding a history entry or replacing the current one; `fromList` is kept with the
	 * history entry (it survives a reload, Back and Forward) and comes back to `arrived`.
	 */
	go(path: string, replace: boolean, fromList: boolean): void;
	back(): void;
}

/**
 * Keeps the address and the reader in step. The address wins on arrival, reload, Back and Forward; what the user
 * does in the reader then moves the address: opening an entry from the list adds a history entry (so Back returns
 * to the list, also on a phone), moving between entries replaces it, and closing an entry opened here goes back.
 */
export class ReaderRouter {
	/** The address last asked for, until the router reports it: addresses on the way there are not applied. */
	private requested: string | null = null;
	/** The history entry before the open entry's is its list, so closing the entry can go back instead. */
	private entryPushed = false;

	constructor(private readonly history: History) {}

	/**
	 * The address is now `current` (a path with its query) naming `location`, reached by this router's `go` or not
	 * (arrival, a link, Back, Forward); answers whether the reader should show it.
	 */
	arrived(current: string, location: ReaderLocation, byGo: boolean, fromList: boolean): boolean {
		if (byGo && this.requested !== null && this.requested !== current) return false;
		this.requested = null;
		this.entryPushed = location.entryId !== null && fromList;
		return true;
	}

	/** The reader now shows `next`; `current` is the address and `shown` what it names. */
	follow(current: string, shown: ReaderLocation | null, next: ReaderLocation): void {
		const path = readerPath(next);
		if (path === current || path === this.requested) return;
		const sameList = shown !== null && listPath(shown) === listPath(next);
		if (sameList && shown.entryId !== null && next.entryId === null && this.entryPushed) {
			this.entryPushed = false;
			this.history.back();
			return;
		}
		const replace = sameList && shown.entryId !== null;
		const fromList = next.entryId !== null && (replace ? this.entryPushed : sameList);
		this.entryPushed = fromList;
		this.requested = path;
		this.history.go(path, replace, fromList);
	}
}

function listPath(location: ReaderLocation): string {
	return readerPath({ ...location, entryId: null });
}
