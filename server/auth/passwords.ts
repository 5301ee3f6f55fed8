import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';

/**
 * Node's own scrypt (memory-hard, runs on the libuv thread pool so it never blocks the event loop): no native
 * add-on to build, and its parameters are stored with each hash so they can be raised later.
 * N=2^15, r=8 uses 32 MiB per hash, OWASP's recommended minimum for scrypt.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * How many hashes run at once; the rest wait their turn. libuv's thread pool has 4 threads and the DNS lookups of
 * feed fetches and file I/O run there too: unbounded, 60 requests that hash starve them all (a valid sign-in took
 * 8.8 s instead of 0.16 s). Two leaves room for the rest and bounds the memory to 2 × 32 MiB.
 */
export const CONCURRENT_HASHES = 2;
const hashing = pLimit(CONCURRENT_HASHES);

function derive(password: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
	const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
	return hashing(
		() =>
			new Promise<Buffer>((resolve, reject) =>
				scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)))
			)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMS);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the user does not exist, so a login takes as long either way. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	return (dummyHash ??= hashPassword(randomBytes(12).toString('base64')));
}
