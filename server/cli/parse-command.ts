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
		body = readFeedFile(file);
		url = pathToFileURL(file).href;
	}
	try {
		io.out(JSON.stringify(parseFeed(body, { url, contentType, now: Date.now() }), null, 2));
	} catch (err) {
		if (err instanceof NotAFeedError) throw new CliError(err.message);
		throw err;
	}
}

/** The file's bytes, or a one-line CliError saying why they cannot be read (never a stack trace). */
function readFeedFile(file: string): Buffer {
	try {
		return fs.readFileSync(file);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new CliError(`no such file: ${file}`);
		if (code === 'EISDIR') throw new CliError(`${file} is a directory: give the path of one feed file`);
		if (code === 'EACCES' || code === 'EPERM') throw new CliError(`cannot read ${file}: permission denied`);
		throw new CliError(`cannot read ${file}: ${(err as Error).message.split('\n')[0]}`);
	}
}
