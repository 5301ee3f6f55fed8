import dns from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { Agent, buildConnector, fetch, Headers as RequestHeaders, type Response } from 'undici';
import {
	blockedAddressError,
	blockedReason,
	guardedLookup,
	type AddressPolicy,
	type LookupFunction
} from './address-guard';
import { FETCH_TIMEOUT_MS } from '../refresh-limits';
import { FetchError } from './fetch-error';

export { FetchError } from './fetch-error';
export type { AddressPolicy, LookupFunction } from './address-guard';

export const USER_AGENT = 'Tidings/0.1 (+self-hosted feed reader)';
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface SafeFetchOptions {
	/** ALLOW_PRIVATE_FEEDS: when false, loopback, private, link-local... addresses are refused. */
	allowPrivate: boolean;
	/** For the whole exchange, redirects and body included. */
	timeoutMs?: number;
	/** Ends the exchange early (the server shutting down): it fails with FetchError 'aborted'. */
	signal?: AbortSignal;
	/** Of the decoded body: the download is aborted as soon as it grows past this. */
	maxBytes?: number;
	/** Extra request headers (Accept, If-None-Match, If-Modified-Since...). */
	headers?: Record<string, string>;
	/** Answer 4xx/5xx instead of throwing FetchError 'http' (the feed fetcher reads 304, 410, Retry-After). */
	acceptErrorStatus?: boolean;
	/** Replaces dns.lookup: lets tests make a public-looking name resolve to a private address. */
	lookup?: LookupFunction;
	/**
	 * Replaces the address policy (default: only public unicast addresses). Tests use it to let the loopback
	 * feed server in while every other private address stays refused, so redirects and re-checks can be proven.
	 */
	addressPolicy?: AddressPolicy;
}

export interface SafeResponse {
	/** The URL finally fetched, after redirects. */
	url: string;
	status: number;
	headers: Headers;
	body: Buffer;
	redirects: number;
	/** True when there was at least one redirect and every one was permanent (301/308). */
	permanentRedirect: boolean;
}

/**
 * GET a URL from the open web without letting it reach the server's own network (SSRF): every connection's
 * peer address is checked after connecting (so neither literal IPs, DNS rebinding nor redirects get through),
 * redirects are followed by hand and re-checked, and time and size are bounded.
 */
export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeResponse> {
	const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	const stop = () => controller.abort();
	options.signal?.addEventListener('abort', stop, { once: true });
	try {
		let current = checkUrl(url, options);
		let permanent = true;
		for (let redirects = 0; ; redirects += 1) {
			const response = await request(current, options, controller.signal);
			const location = response.headers.get('location');
			if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
				await response.body?.cancel();
				if (redirects >= MAX_REDIRECTS) {
					throw new FetchError('too_many_redirects', `too many redirects (more than ${MAX_REDIRECTS}) from ${url}`);
				}
				permanent &&= response.status === 301 || response.status === 308;
				current = checkUrl(new URL(location, current).href, options);
				continue;
			}
			if (response.status >= 400 && !options.acceptErrorStatus) {
				await response.body?.cancel();
				throw new FetchError(
					'http',
					`${current.host} answered ${response.status} ${response.statusText}`.trim(),
					response.status,
					response.headers as Headers
				);
			}
			const body = await readCapped(response, options.maxBytes ?? DEFAULT_MAX_BYTES, current);
			return {
				url: current.href,
				status: response.status,
				headers: response.headers as Headers,
				body,
				redirects,
				permanentRedirect: redirects > 0 && permanent
			};
		}
	} catch (err) {
		const error = toFetchError(err, url);
		if (options.signal?.aborted) throw new FetchError('aborted', `the fetch of ${url} was cut short`);
		// Our timer aborting shows up as an AbortError somewhere in the request or the body.
		if (controller.signal.aborted && error.code === 'network') {
			throw new FetchError('timeout', `no complete answer from ${new URL(url).host} within ${timeoutMs / 1000} s`);
		}
		throw error;
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', stop);
	}
}

function checkUrl(raw: string, options: SafeFetchOptions): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new FetchError('bad_url', `not a valid URL: ${raw}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FetchError('bad_scheme', `refused: only http and https URLs can be fetched, not ${url.protocol}`);
	}
	const literal = url.hostname.replace(/^\[|\]$/g, '');
	if (!options.allowPrivate && isIP(literal)) {
		const reason = (options.addressPolicy ?? blockedReason)(literal);
		if (reason) throw blockedAddressError(literal, literal, reason);
	}
	return url;
}

async function request(url: URL, options: SafeFetchOptions, signal: AbortSignal): Promise<Response> {
	const headers = new RequestHeaders({
		'User-Agent': USER_AGENT,
		'Accept-Encoding': 'gzip, deflate, br',
		Accept: '*/*'
	});
	// Set one by one: names are case-insensitive, so a caller's "accept" replaces the default "Accept".
	for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
	return fetch(url, { redirect: 'manual', signal, dispatcher: agentFor(options), headers });
}

/** Reads the (decoded) body, aborting the download once it passes the cap: a 50 MB answer never sits in memory. */
async function readCapped(response: Response, maxBytes: number, url: URL): Promise<Buffer> {
	const tooLarge = () =>
		new FetchError('too_large', `the answer from ${url.host} is larger than ${formatBytes(maxBytes)}`);
	const declared = Number(response.headers.get('content-length'));
	if (!response.headers.get('content-encoding') && declared > maxBytes) {
		await response.body?.cancel();
		throw tooLarge();
	}
	if (!response.body) return Buffer.alloc(0);
	const chunks: Buffer[] = [];
	let total = 0;
	const reader = response.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel();
			throw tooLarge();
		}
		chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
	}
	return Buffer.concat(chunks, total);
}

const openAgent = new Agent();
const guardedAgents = new Map<LookupFunction, Map<AddressPolicy, Agent>>();

/** One agent per guard configuration, kept for the process so connections to a host are reused. */
function agentFor(options: SafeFetchOptions): Agent {
	if (options.allowPrivate) return openAgent;
	const lookup = options.lookup ?? (dns.lookup as unknown as LookupFunction);
	const policy = options.addressPolicy ?? blockedReason;
	const byPolicy = guardedAgents.get(lookup) ?? new Map<AddressPolicy, Agent>();
	guardedAgents.set(lookup, byPolicy);
	let agent = byPolicy.get(policy);
	if (!agent) {
		agent = guardedAgent(lookup, policy);
		byPolicy.set(policy, agent);
	}
	return agent;
}

function guardedAgent(lookup: LookupFunction, policy: AddressPolicy): Agent {
	const connect = buildConnector({ lookup: guardedLookup(lookup, policy) } as buildConnector.BuildOptions);
	return new Agent({
		connect(opts, callback) {
			connect(opts, (err, socket) => {
				if (err) return callback(err, null);
				// The check that counts: the address this socket is actually connected to.
				const peer = (socket as Socket).remoteAddress ?? '';
				const reason = policy(peer);
				if (reason) {
					socket.destroy();
					return callback(blockedAddressError(opts.hostname, peer, reason), null);
				}
				callback(null, socket);
			});
		}
	});
}

function toFetchError(err: unknown, url: string): FetchError {
	for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
		if (e instanceof FetchError) return e;
	}
	const cause = (err as { cause?: NodeJS.ErrnoException }).cause ?? (err as NodeJS.ErrnoException);
	const host = URL.canParse(url) ? new URL(url).host : url;
	const byCode: Record<string, string> = {
		ENOTFOUND: `${host} could not be found (DNS)`,
		EAI_AGAIN: `${host} could not be looked up right now (DNS)`,
		ECONNREFUSED: `${host} refused the connection`,
		ECONNRESET: `${host} closed the connection`,
		UND_ERR_SOCKET: `${host} closed the connection`,
		ETIMEDOUT: `${host} did not answer`,
		UND_ERR_CONNECT_TIMEOUT: `${host} did not answer`
	};
	// A DOMException (an abort) has a numeric code: only Node's string codes name a network failure.
	const code = typeof cause?.code === 'string' ? cause.code : '';
	const known = byCode[code];
	if (known) return new FetchError('network', known);
	if (code.startsWith('ERR_TLS') || /certificate/i.test(cause?.message ?? '')) {
		return new FetchError('network', `secure connection to ${host} failed: ${cause.message}`);
	}
	return new FetchError('network', `could not fetch ${url}: ${cause?.message ?? String(err)}`);
}

function formatBytes(bytes: number): string {
	return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}
