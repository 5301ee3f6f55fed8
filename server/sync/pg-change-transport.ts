import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BusMessage, ChangeTransport } from './change-bus';

/** The one channel every process of a deployment listens on. */
export const CHANGE_CHANNEL = 'tidings_changes';

/** NOTIFY payloads must stay under 8000 bytes: ids are sent in chunks well below that. */
const IDS_PER_NOTIFY = 500;

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

interface Wire {
	/** The sending process, so it does not hear its own nudges twice (it delivered them locally already). */
	o: string;
	k: BusMessage['kind'];
	u: number[];
}

export interface PgChangeTransportOptions {
	connectionString: string;
	onError?: (err: unknown) => void;
}

/**
 * Carries the change bus between the server processes that share one PostgreSQL database, with LISTEN/NOTIFY on
 * one dedicated connection per process (a pooled connection cannot keep a LISTEN). The payload is only the kind
 * and the user ids; the bus calls `publish` after its change committed. A lost connection is opened again with
 * backoff; nudges sent meanwhile are missed, so on every (re)connection the process nudges all its own open
 * streams once, which makes their devices pull what they might have missed.
 */
export class PgChangeTransport implements ChangeTransport {
	readonly #origin = randomUUID();
	readonly #options: PgChangeTransportOptions;
	#client: pg.Client | null = null;
	#receive: ((message: BusMessage) => void) | null = null;
	#onReconnect: (() => void) | null = null;
	#closed = false;
	#retryMs = RECONNECT_MIN_MS;
	#retryTimer: NodeJS.Timeout | null = null;
	#connected: Promise<void> = Promise.resolve();
	#sending: Promise<void> = Promise.resolve();

	constructor(options: PgChangeTransportOptions) {
		this.#options = options;
	}

	/** Resolves once this process listens (the first connection); later losses reconnect on their own. */
	start(receive: (message: BusMessage) => void, onReconnect: () => void): Promise<void> {
		this.#receive = receive;
		this.#onReconnect = onReconnect;
		this.#connected = this.#connect(true);
		return this.#connected;
	}

	/** Resolves when the listening connection is (again) open: for tests that cut it on purpose. */
	get connected(): Promise<void> {
		return this.#connected;
	}

	/** The listening connection's server process, or null while disconnected. */
	backendPid(): number | null {
		return (this.#client as (pg.Client & { processID?: number }) | null)?.processID ?? null;
	}

	publish(message: BusMessage): void {
		const client = this.#client;
		if (!client) return;
		const payloads: string[] = [];
		for (let i = 0; i < message.userIds.length; i += IDS_PER_NOTIFY) {
			const wire: Wire = { o: this.#origin, k: message.kind, u: message.userIds.slice(i, i + IDS_PER_NOTIFY) };
			payloads.push(JSON.stringify(wire));
		}
		// One statement at a time on the connection (pg queues them, but deprecates doing so).
		this.#sending = this.#sending
			.then(() => client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [CHANGE_CHANNEL, payloads]))
			.then(
				() => undefined,
				(err: unknown) => this.#options.onError?.(err)
			);
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		const client = this.#client;
		this.#client = null;
		await client?.end().catch(() => undefined);
	}

	async #connect(first: boolean): Promise<void> {
		const client = new pg.Client({ connectionString: this.#options.connectionString });
		client.on('notification', (n) => this.#deliver(n.payload));
		const lost = (err?: unknown) => {
			if (this.#client !== client) return;
			this.#client = null;
			if (err) this.#options.onError?.(err);
			client.end().catch(() => undefined);
			this.#scheduleReconnect();
		};
		client.on('error', lost);
		client.on('end', () => lost());
		try {
			await client.connect();
			await client.query(`LISTEN ${CHANGE_CHANNEL}`);
		} catch (err) {
			await client.end().catch(() => undefined);
			if (first || this.#closed) throw err;
			this.#options.onError?.(err);
			this.#scheduleReconnect();
			return;
		}
		if (this.#closed) {
			await client.end().catch(() => undefined);
			return;
		}
		this.#client = client;
		this.#retryMs = RECONNECT_MIN_MS;
		if (!first) this.#onReconnect?.();
	}

	#scheduleReconnect(): void {
		if (this.#closed) return;
		const delay = this.#retryMs;
		this.#retryMs = Math.min(this.#retryMs * 2, RECONNECT_MAX_MS);
		this.#connected = new Promise((resolve) => {
			this.#retryTimer = setTimeout(() => {
				this.#retryTimer = null;
				void this.#connect(false).then(() => {
					if (this.#client) resolve();
					else void this.#connected.then(resolve);
				});
			}, delay);
			this.#retryTimer.unref();
		});
	}

	#deliver(payload: string | undefined): void {
		if (!payload) return;
		let wire: Wire;
		try {
			wire = JSON.parse(payload) as Wire;
		} catch {
			return;
		}
		if (wire.o === this.#origin || !Array.isArray(wire.u)) return;
		if (wire.k !== 'change' && wire.k !== 'sessionsEnded') return;
		this.#receive?.({ kind: wire.k, userIds: wire.u.filter(Number.isInteger) });
	}
}
