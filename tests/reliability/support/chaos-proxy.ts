import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one request. Everything but `forward` is a failure a real network, reverse proxy or
 * overloaded server produces; none of them is a 401, which only the real server may give.
 */
export const FAULTS = [
	'forward',
	'refuse', // the connection drops before the request reaches the server
	'timeout', // nothing comes back until the client gives up
	'drop-after-commit', // the server answered (and committed); the answer never arrives
	'truncate', // the answer is cut halfway through its body
	'500',
	'502',
	'503',
	'504',
	'429',
	'413'
] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosProxy {
	url: string;
	/** Decides the fault for each request; `forward` when chaos is off. */
	choose: (req: IncomingMessage) => Fault;
	counts: Record<Fault, number>;
	close(): Promise<void>;
}

const SYNTHETIC: Partial<Record<Fault, { status: number; headers: Record<string, string>; body: string }>> = {
	'500': { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'Internal Server Error' },
	'502': { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' },
	'503': {
		status: 503,
		headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
		body: JSON.stringify({ error: { code: 'unavailable', message: 'busy' } })
	},
	'504': { status: 504, headers: { 'Content-Type': 'text/html' }, body: '<html>504 Gateway Time-out</html>' },
	'429': {
		status: 429,
		headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
		body: JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } })
	},
	'413': { status: 413, headers: { 'Content-Type': 'text/html' }, body: '<html>413 Request Entity Too Large</html>' }
};

/** Forwards to `target`, buffering the answer so a fault can withhold or cut it after the server finished. */
function forward(
	req: IncomingMessage,
	target: URL
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const upstream = request(
			{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) })
				);
				res.on('error', reject);
			}
		);
		upstream.on('error', reject);
		req.pipe(upstream);
	});
}

export async function startChaosProxy(targetUrl: string, holdMs: number): Promise<ChaosProxy> {
	const target = new URL(targetUrl);
	const counts = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
	const proxy: ChaosProxy = { url: '', choose: () => 'forward', counts, close: async () => undefined };

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const fault = proxy.choose(req);
		counts[fault] += 1;
		const synthetic = SYNTHETIC[fault];
		if (fault === 'refuse') return void req.socket.destroy();
		if (fault === 'timeout') {
			setTimeout(() => req.socket.destroy(), holdMs);
			return;
		}
		if (synthetic) {
			req.resume();
			res.writeHead(synthetic.status, synthetic.headers).end(synthetic.body);
			return;
		}
		const answer = await forward(req, target);
		if (fault === 'drop-after-commit') return void req.socket.destroy();
		const headers = { ...answer.headers };
		delete headers['transfer-encoding'];
		if (fault === 'truncate') {
			res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
			res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
			setTimeout(() => req.socket.destroy(), 5);
			return;
		}
		res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) }).end(answer.body);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch(() => req.socket.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	proxy.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return proxy;
}
