import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FetchError, safeFetch } from '../feeds/fetch/safe-fetch';
import { NotAFeedError, parseFeed } from '../feeds/parse/parse-feed';
import { CliError, type CliIo } from './cli-io';

/** `parse <file-or-url>`: the normalized feed as JSON, or a clear message when it is not a feed. */
export async function parseCommand(io: CliIo, target: string | undefined, allowPrivate: boolean): Promise<void> {
	if (!target) throw new CliError('usage: parse <file-or-url>');
	let body: Buffer;
	let url: string;
	let contentType: string | null = null;
	if (/^https?:\/\//i.test(target)) {
		const response = await safeFetch(target, { allowPrivate }).catch((err: unknown) => {
			throw err instanceof FetchError ? new CliError(err.message) : err;
		});
		({ body, url } = response);
		contentType = response.headers.get('content-type');
	} else {
		const file = path.resolve(target);
		if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
		body = fs.readFileSync(file);
		url = pathToFileURL(file).href;
	}
	try {
		io.out(JSON.stringify(parseFeed(body, { url, contentType, now: Date.now() }), null, 2));
	} catch (err) {
		if (err instanceof NotAFeedError) throw new CliError(err.message);
		throw err;
	}
}
