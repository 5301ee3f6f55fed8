/** How long an undo stays offered: long enough to notice and reach the button, short enough not to linger. */
export const UNDO_MS = 8000;

export interface UndoOffer {
	/** What just happened, in the user's words: "Marked 12 entries read". */
	message: string;
	/** Queues the inverse change(s); the original ones stay queued as usual. */
	undo: () => Promise<unknown>;
}

/**
 * The one undo on offer (a newer action replaces it). No modal confirmation: the change is made and queued at
 * once, and for a few seconds "Undo" queues its inverse.
 */
class UndoState {
	offer = $state<(UndoOffer & { id: number }) | null>(null);
	private nextId = 1;
	private cancelTimer: (() => void) | null = null;

	offerUndo(offer: UndoOffer, ms = UNDO_MS): void {
		this.clear();
		this.offer = { ...offer, id: this.nextId++ };
		const handle = setTimeout(() => this.clear(), ms);
		this.cancelTimer = () => clearTimeout(handle);
	}

	async undo(): Promise<void> {
		const offer = this.offer;
		this.clear();
		await offer?.undo();
	}

	clear(): void {
		this.cancelTimer?.();
		this.cancelTimer = null;
		this.offer = null;
	}
}

export const undo = new UndoState();
