import { realTimers, type Timers } from '$lib/sync/timers';

/** How often the screen's queries refresh while a sync catches up. */
export const CATCH_UP_REFRESH_MS = 5_000;

/**
 * Paces the UI's live queries while a sync applies a long pull. A first sync of a big reader commits 20 pages,
 * and a liveQuery re-runs after each (the sidebar's counts, the view's entry ids): work that competes with the
 * pull for the same database. While `active`, queries read once per `tick` instead, and once more at the end.
 */
class CatchUpState {
	active = $state(false);
	/** Bumped every CATCH_UP_REFRESH_MS while active, and after each of the user's own changes. */
	tick = $state(0);
	private stopTimer: (() => void) | null = null;

	set(active: boolean, timers: Timers = realTimers): void {
		if (active === this.active) return;
		this.active = active;
		this.stopTimer?.();
		this.stopTimer = active ? timers.every(CATCH_UP_REFRESH_MS, () => this.refresh()) : null;
	}

	/** The user changed something: they see it at once, not at the next tick. */
	refresh(): void {
		this.tick += 1;
	}
}

export const catchUp = new CatchUpState();
