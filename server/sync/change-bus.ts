import { EventEmitter } from 'node:events';

const CLOSE = Symbol('close');

/**
 * Tells listeners (the server-sent-events endpoint) which users' data changed. Call `notify` only after the
 * change is committed, so a device that pulls on the nudge sees it.
 */
export class ChangeBus {
	readonly #emitter = new EventEmitter();

	constructor() {
		// One listener per open SSE connection.
		this.#emitter.setMaxListeners(0);
	}

	notify(userIds: Iterable<number>): void {
		for (const userId of new Set(userIds)) this.#emitter.emit(String(userId));
	}

	subscribe(userId: number, listener: () => void): () => void {
		this.#emitter.on(String(userId), listener);
		return () => this.#emitter.off(String(userId), listener);
	}

	/**
	 * Some of this user's sessions ended (sign-out, password change or reset, disabled, deleted): each of the
	 * user's open streams checks its own session and closes if it was one of them. Call after the commit.
	 */
	sessionsEnded(userId: number): void {
		this.#emitter.emit(`ended:${userId}`);
	}

	onSessionsEnded(userId: number, listener: () => void): () => void {
		this.#emitter.on(`ended:${userId}`, listener);
		return () => this.#emitter.off(`ended:${userId}`, listener);
	}

	/** Shutting down: every open stream ends, so the server can close without waiting for them. */
	close(): void {
		this.#emitter.emit(CLOSE);
	}

	onClose(listener: () => void): () => void {
		this.#emitter.once(CLOSE, listener);
		return () => this.#emitter.off(CLOSE, listener);
	}

	listenerCount(userId: number): number {
		return this.#emitter.listenerCount(String(userId));
	}
}
