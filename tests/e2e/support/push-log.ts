import type { BrowserContext, Request } from 'playwright-core';
import type { PushRequest } from '#shared/sync';

/** Every POST /api/sync/push any page of the context sent, with its body and (once known) the answer's status. */
export interface PushLog {
	/** `failure` is set when the request never got an answer (the network was down), `status` when it did. */
	readonly requests: { body: PushRequest; status?: number; failure?: string }[];
	/** Mutation names of every push so far, one array per request. */
	names(): string[][];
	/** Pushes that got an answer with this status. */
	withStatus(status: number): number;
	stop(): void;
}

export function recordPushes(context: BrowserContext): PushLog {
	const requests: PushLog['requests'] = [];
	const byRequest = new Map<Request, PushLog['requests'][number]>();
	const onRequest = (request: Request) => {
		if (request.method() !== 'POST' || !request.url().endsWith('/api/sync/push')) return;
		const entry = { body: request.postDataJSON() as PushRequest };
		byRequest.set(request, entry);
		requests.push(entry);
	};
	const onFinished = async (request: Request) => {
		const entry = byRequest.get(request);
		if (!entry) return;
		entry.status = (await request.response())?.status();
	};
	const onFailed = (request: Request) => {
		const entry = byRequest.get(request);
		if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
	};
	context.on('request', onRequest);
	context.on('requestfinished', onFinished);
	context.on('requestfailed', onFailed);
	return {
		requests,
		names: () => requests.map((r) => r.body.mutations.map((m) => m.name)),
		withStatus: (status) => requests.filter((r) => r.status === status).length,
		stop() {
			context.off('request', onRequest);
			context.off('requestfinished', onFinished);
			context.off('requestfailed', onFailed);
		}
	};
}
