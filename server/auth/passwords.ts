import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import pLimit from 'p-limit';

interface ScryptParams {
	N: number;
	r: number;
	p: number;
}

/**
 * Node's own scrypt (memory-hard, runs on the libuv thread pool so it never blocks the event loop): no native
 * add-on to build, and its parameters are stored with each hash so they can be raised later.
 * N=2^15, r=8 uses 32 MiB per hash, OWASP's recommended minimum for scrypt.
 */
const STANDARD_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/**
 * What the test suite hashes with: 1 MiB and about 4 ms instead of 130 ms. The suite makes about a thousand
 * accounts and sign-ins, which at full cost spent two minutes of CPU on a 2-core machine. A hash keeps its
 * parameters, so one made this way still verifies on a server without the setting.
 */
const TEST_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/**
 * TEST_FAST_PASSWORD_HASHES=true, for tests only, and never with NODE_ENV=production (the Docker image's).
 * Read from the environment at each hash rather than from the server's config: hashes are made in the server,
 * the CLI and test processes alike, and a test of the real cost switches it off for itself (vi.stubEnv).
 */
export function usesTestPasswordHashes(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.TEST_FAST_PASSWORD_HASHES === 'true' && env.NODE_ENV !== 'production';
}

const KEY_LENGTH = 32;

/**
 * How many hashes run at once; the rest wait their turn. libuv's thread pool has 4 threads and the DNS lookups of
 * feed fetches and file I/O run there too: unbounded, 60 requests that hash starve them all (a valid sign-in took
 * 8.8 s instead of 0.16 s). Two leaves room for the rest and bounds the memory to 2 × 32 MiB.
 */
export const CONCURRENT_HASHES = 2;
const hashing = pLimit(CONCURRENT_HASHES);

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
	const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
	return hashing(
		() =>
			new Promise<Buffer>((resolve, reject) =>
				scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)))
			)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const params = usesTestPasswordHashes() ? TEST_PARAMS : STANDARD_PARAMS;
	const salt = randomBytes(16);
	const key = await derive(password, salt, params);
	return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
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
