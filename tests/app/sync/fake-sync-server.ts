import type { PullRequest, PullResponse, PushRequest, PushResponse } from '#shared/sync';
import type { Timers } from '../../../src/lib/sync/timers';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'Content-Type': 'application/json', ...headers }
	});
}

export function errorResponse(status: number, code: string, headers: Record<string, string> = {}): Response {
	return jsonResponse(status, { error: { code, message: `test ${code}` } }, headers);
}

export function emptyPage(overrides: Partial<PullResponse> = {}): PullResponse {
	return {
		cookie: 'c1',
		hasMore: false,
		reset: false,
		lastMutationId: 0,
		folders: [],
		subscriptions: [],
		entries: [],
		entryStates: [],
		settings: null,
		deleted: { folders: [], subscriptions: [], entries: [] },
		...overrides
	};
}

type Answer<Req> = (request: Req, init: RequestInit) => Response | Promise<Response> | undefined;

/**
 * A scripted stand-in for the server's push and pull, reached through the fetch the engine is given. By default a
 * push applies every new mutation (ids at or below the client's last one are duplicates) and a pull returns an
 * empty page; `nextPush`/`nextPull` queue one-off answers (error responses, pages) for the state machine tests.
 */
export class FakeSyncServer {
	readonly pushes: PushRequest[] = [];
	readonly pulls: PullRequest[] = [];
	readonly lastIds = new Map<string, number>();
	readonly rejectIds = new Map<number, string>();
	inFlight = 0;
	maxInFlight = 0;
	private readonly pushQueue: Answer<PushRequest>[] = [];
	private readonly pullQueue: Answer<PullRequest>[] = [];

	nextPush(answer: Answer<PushRequest>): void {
		this.pushQueue.push(answer);
	}

	nextPull(answer: Answer<PullRequest>): void {
		this.pullQueue.push(answer);
	}

	readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
		const url = String(input);
		const body = JSON.parse(String(init.body));
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await Promise.resolve();
			if (url.endsWith('/api/sync/push')) {
				this.pushes.push(body);
				return (await this.pushQueue.shift()?.(body, init)) ?? this.defaultPush(body);
			}
			if (url.endsWith('/api/sync/pull')) {
				this.pulls.push(body);
				return (await this.pullQueue.shift()?.(body, init)) ?? this.defaultPull(body);
			}
			return errorResponse(404, 'not_found');
		} finally {
			this.inFlight--;
		}
	};

	private defaultPush(request: PushRequest): Response {
		let last = this.lastIds.get(request.clientId) ?? 0;
		const results: PushResponse['results'] = [];
		for (const m of request.mutations) {
			if (m.id <= last) {
				results.push({ id: m.id, status: 'duplicate' });
				continue;
			}
			if (m.id !== last + 1) break;
			last = m.id;
			const rejection = this.rejectIds.get(m.id);
			results.push(rejection ? { id: m.id, status: 'rejected', code: rejection } : { id: m.id, status: 'applied' });
		}
		this.lastIds.set(request.clientId, last);
		return jsonResponse(200, { lastMutationId: last, results } satisfies PushResponse);
	}

	private defaultPull(request: PullRequest): Response {
		return jsonResponse(200, emptyPage({ lastMutationId: this.lastIds.get(request.clientId) ?? 0 }));
	}
}

/** Timers run by hand: a test sees every delay the engine asked for and fires them when it chooses. */
export class ManualTimers implements Timers {
	readonly scheduled: { ms: number; fn: () => void; cancelled: boolean }[] = [];

	after(ms: number, fn: () => void): () => void {
		const timer = { ms, fn, cancelled: false };
		this.scheduled.push(timer);
		return () => {
			timer.cancelled = true;
		};
	}

	every(): () => void {
		return () => undefined;
	}

	pending() {
		return this.scheduled.filter((t) => !t.cancelled);
	}

	/** Fires the pending timers (as if their time had come). */
	fire(): void {
		for (const timer of this.pending()) {
			timer.cancelled = true;
			timer.fn();
		}
	}
}
