import { EventEmitter } from 'node:events';

const CLOSE = Symbol('close');

/** What travels between processes: which users' data changed, or whose sessions ended. */
export interface BusMessage {
	kind: 'change' | 'sessionsEnded';
	userIds: number[];
}

/**
 * Carries bus messages to the other server processes on the same database (PostgreSQL's LISTEN/NOTIFY,
 * ./pg-change-transport.ts). SQLite has one process, so its bus has none.
 */
export interface ChangeTransport {
	/** Starts listening: `receive` gets other processes' messages, `onReconnect` runs after a lost connection. */
	start(receive: (message: BusMessage) => void, onReconnect: () => void): Promise<void>;
	publish(message: BusMessage): void;
	close(): Promise<void>;
}

/**
 * Tells listeners (the server-sent-events endpoint) which users' data changed, in this process and, through the
 * transport, in every other process on the database. Call `notify` only after the change is committed, so a
 * device that pulls on the nudge sees it.
 */
export class ChangeBus {
	readonly #emitter = new EventEmitter();
	readonly #transport: ChangeTransport | null;

	constructor(transport: ChangeTransport | null = null) {
		// One listener per open SSE connection.
		this.#emitter.setMaxListeners(0);
		this.#transport = transport;
	}

	/** Connects the transport (when there is one); nudges from other processes arrive from then on. */
	async start(): Promise<void> {
		await this.#transport?.start(
			(message) => this.#emit(message),
			// Nudges sent while the connection was down are lost: every open stream here pulls once instead.
			() => this.#emit({ kind: 'change', userIds: this.#subscribedUsers() })
		);
	}

	notify(userIds: Iterable<number>): void {
		const message: BusMessage = { kind: 'change', userIds: [...new Set(userIds)] };
		if (message.userIds.length === 0) return;
		this.#emit(message);
		this.#transport?.publish(message);
	}

	#emit({ kind, userIds }: BusMessage): void {
		for (const userId of userIds) this.#emitter.emit(kind === 'change' ? String(userId) : `ended:${userId}`);
	}

	#subscribedUsers(): number[] {
		return this.#emitter
			.eventNames()
			.filter((name): name is string => typeof name === 'string' && /^\d+$/.test(name))
			.map(Number);
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
		const message: BusMessage = { kind: 'sessionsEnded', userIds: [userId] };
		this.#emit(message);
		this.#transport?.publish(message);
	}

	onSessionsEnded(userId: number, listener: () => void): () => void {
		this.#emitter.on(`ended:${userId}`, listener);
		return () => this.#emitter.off(`ended:${userId}`, listener);
	}

	/** Shutting down: every open stream ends, so the server can close without waiting for them. */
	close(): void {
		this.#emitter.emit(CLOSE);
	}

	/** Stops talking to the other processes: after the last request that could notify has finished. */
	async disconnect(): Promise<void> {
		await this.#transport?.close();
	}

	onClose(listener: () => void): () => void {
		this.#emitter.once(CLOSE, listener);
		return () => this.#emitter.off(CLOSE, listener);
	}

	listenerCount(userId: number): number {
		return this.#emitter.listenerCount(String(userId));
	}
}
