import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A second local server standing for the attacker: it records every request it gets and answers 200. */
export interface Attacker {
	url: string;
	requests: string[];
	close(): Promise<void>;
}

export async function startAttacker(): Promise<Attacker> {
	const requests: string[] = [];
	const server = createServer((req, res) => {
		requests.push(`${req.method} ${req.url}`);
		res.writeHead(200, { 'Content-Type': 'text/plain' }).end('gotcha');
	});
	server.listen(0, '127.0.0.1');
	await new Promise<void>((resolve) => server.once('listening', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
