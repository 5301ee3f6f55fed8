import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetch-error';

/** The shape of dns.lookup, which net.connect calls and tests replace to simulate any DNS answer. */
export type LookupFunction = (
	hostname: string,
	options: LookupOptions,
	callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
) => void;

const RANGE_NAMES: Record<string, string> = {
	loopback: 'a loopback address',
	private: 'a private address',
	uniqueLocal: 'a private address',
	carrierGradeNat: 'a private (carrier-grade NAT) address',
	linkLocal: 'a link-local address',
	multicast: 'a multicast address',
	unspecified: 'an unspecified address',
	broadcast: 'a broadcast address'
};

/**
 * ::/96, the deprecated IPv4-compatible form (RFC 4291 2.5.5.1): `[::127.0.0.1]` becomes `[::7f00:1]` when a URL is
 * parsed, and ipaddr.js calls that 'unicast'. Nothing public lives there, so all of it is refused.
 */
function isIPv4Compatible(address: ipaddr.IPv6): boolean {
	return address.parts.slice(0, 6).every((part) => part === 0);
}

/**
 * Why connecting to this IP address is refused, or null when it is an ordinary public address. An allowlist:
 * only ipaddr.js's 'unicast' range passes, so reserved, documentation, NAT64/6to4/Teredo (which can embed a
 * private IPv4 address), site-local and IPv4-compatible IPv6 are refused as well. IPv4-mapped IPv6 addresses are
 * judged as the IPv4 inside.
 */
export function blockedReason(address: string): string | null {
	if (!ipaddr.isValid(address)) return 'not an IP address';
	let parsed = ipaddr.parse(address);
	if (parsed.kind() === 'ipv6') {
		const v6 = parsed as ipaddr.IPv6;
		if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
		else if (isIPv4Compatible(v6) && v6.range() === 'unicast') return 'a deprecated IPv4-compatible address';
	}
	const range = parsed.range();
	if (range === 'unicast') return null;
	return RANGE_NAMES[range] ?? 'a reserved address';
}

export function blockedAddressError(host: string, address: string, reason: string): FetchError {
	const where = host === address ? host : `${host} resolves to ${reason} (${address})`;
	return new FetchError('blocked_address', host === address ? `refused: ${where} is ${reason}` : `refused: ${where}`);
}

/** Decides whether an address may be connected to: a reason to refuse it, or null. */
export type AddressPolicy = (address: string) => string | null;

/** Wraps a DNS lookup so that a name resolving to any refused address fails before a connection is made. */
export function guardedLookup(base: LookupFunction, policy: AddressPolicy): LookupFunction {
	return (hostname, options, callback) => {
		base(hostname, options, (err, address, family) => {
			if (err) return callback(err, address, family);
			const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
			for (const candidate of addresses) {
				const reason = policy(candidate);
				if (reason) return callback(blockedAddressError(hostname, candidate, reason) as never, address, family);
			}
			callback(null, address, family);
		});
	};
}
