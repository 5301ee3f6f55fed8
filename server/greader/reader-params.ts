import type { Request } from 'express';

/**
 * A Reader API request's parameters: the query string and the form body together, as clients send some of each
 * (`output=json` in the query and the rest in the body, `T` in either). The body is parsed from its raw bytes
 * whatever the Content-Type says (clients send form bodies as text/plain, or with no type at all), with
 * URLSearchParams, which keeps every repeated key (thousands of `i=`) and is fast enough for bodies of megabytes.
 * Where a single value is read, the body's wins.
 */
export class ReaderParams {
	readonly #query: URLSearchParams;
	readonly #body: URLSearchParams;

	constructor(query: URLSearchParams, body: URLSearchParams) {
		this.#query = query;
		this.#body = body;
	}

	static from(req: Request): ReaderParams {
		const queryStart = req.originalUrl.indexOf('?');
		const query = new URLSearchParams(queryStart < 0 ? '' : req.originalUrl.slice(queryStart + 1));
		return new ReaderParams(query, new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''));
	}

	get(name: string): string | undefined {
		return this.#body.get(name) ?? this.#query.get(name) ?? undefined;
	}

	getAll(name: string): string[] {
		return [...this.#query.getAll(name), ...this.#body.getAll(name)];
	}

	/** The parameters as a plain object (last value of each) for a zod schema to check. */
	single(names: readonly string[]): Record<string, string | undefined> {
		return Object.fromEntries(names.map((name) => [name, this.get(name)]));
	}
}

declare module 'express-serve-static-core' {
	interface Request {
		readerParams?: ReaderParams;
	}
}

export function readerParams(req: Request): ReaderParams {
	return (req.readerParams ??= ReaderParams.from(req));
}
