import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

/** Serves fixed documents from memory on 127.0.0.1: a page origin for IndexedDB that is not the app's. */
export async function startStaticServer(documents: Map<string, Buffer | string>): Promise<StaticServer> {
	const server = createServer((req, res) => {
		const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
		const body = documents.get(pathname);
		if (body === undefined) return void res.writeHead(404).end();
		const type = TYPES[pathname.slice(pathname.lastIndexOf('.'))] ?? 'application/octet-stream';
		res.writeHead(200, { 'Content-Type': type }).end(body);
	});
	server.listen(0, '127.0.0.1');
	await new Promise<void>((resolve) => server.once('listening', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
