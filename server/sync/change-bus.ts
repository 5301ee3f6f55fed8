import { EventEmitter } from 'node:events';

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

	listenerCount(userId: number): number {
		return this.#emitter.listenerCount(String(userId));
	}
}
