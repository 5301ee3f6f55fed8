import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export type MediaConfig = Pick<Config, 'MEDIA_PROXY' | 'MEDIA_PROXY_SECRET' | 'DATA_DIR'>;

/** Where the generated key is kept, beside the database, so media URLs signed before a restart stay valid. */
export const MEDIA_KEY_FILE = 'media-proxy.key';

const loaded = new Map<string, string>();

/**
 * The key that signs media URLs, or null when the proxy is off: MEDIA_PROXY_SECRET when given, else a random key
 * made on first start and kept in DATA_DIR. A string (not a Buffer), so it can be handed to the parse workers.
 */
export function mediaKey(config: MediaConfig): string | null {
	if (config.MEDIA_PROXY === 'off') return null;
	if (config.MEDIA_PROXY_SECRET) return config.MEDIA_PROXY_SECRET;
	const file = path.join(config.DATA_DIR, MEDIA_KEY_FILE);
	let key = loaded.get(file);
	if (key === undefined) {
		key = readOrCreateKey(file);
		loaded.set(file, key);
	}
	return key;
}

function readOrCreateKey(file: string): string {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	try {
		// 'wx': two processes starting at once cannot both write a key; the second reads the first one's.
		fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
	}
	const key = fs.readFileSync(file, 'utf8').trim();
	if (key.length < 32) throw new Error(`${file} holds no usable media key: delete it to have a new one made`);
	return key;
}
