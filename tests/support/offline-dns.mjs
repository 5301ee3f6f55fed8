// Tests never reach the internet, the servers under test included: a feed's site (https://example.com/, a
// made-up https://site.invalid/) would otherwise send the icon lookup to the machine's resolver, which answers
// at once, after a 5 s timeout, or with a real address to fetch from. Loaded into every test process (vitest's
// setupFiles) and every Node process the tests start (NODE_OPTIONS=--import); only loopback names resolve.
// Tests that need a public-looking name on a local address pass safeFetch a lookup of their own.
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost']);
const resolve = dns.lookup;

function offlineLookup(hostname, options, callback) {
	const done = typeof options === 'function' ? options : callback;
	const name = String(hostname).toLowerCase();
	if (net.isIP(name) !== 0 || LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) {
		return resolve(hostname, options, callback);
	}
	const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (tests resolve loopback names only)`), {
		code: 'ENOTFOUND',
		errno: -3008,
		syscall: 'getaddrinfo',
		hostname
	});
	process.nextTick(done, err);
}

dns.lookup = offlineLookup;
dns.promises.lookup = (hostname, options) =>
	new Promise((ok, fail) =>
		offlineLookup(hostname, options ?? {}, (err, address, family) =>
			err ? fail(err) : ok(Array.isArray(address) ? address : { address, family })
		)
	);
