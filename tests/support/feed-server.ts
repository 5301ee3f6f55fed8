import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * A local feed server for tests, on 127.0.0.1 and a free port. It serves files (tests/fixtures/feeds, plus any
 * extra folders such as ../shared/feeds) with ETag, Last-Modified and 304s, feeds set at run time, and a set of
 * misbehaving routes under /_/:
 *
 *   /_/redirect/<301|302|307|308>/<path>   redirect to /<path> (query kept)
 *   /_/redirect-to?code=302&to=<abs url>    redirect anywhere (for example to a private address)
 *   /_/loop/<n>                             redirects forever: /_/loop/n -> /_/loop/n+1
 *   /_/status/<code>?retryAfter=<s>         that status with a short body (404, 410, 429, 500, 503...)
 *   /_/slow?delayMs=<ms>&bytes=<n>          trickles n bytes of a feed, one every delayMs
 *   /_/huge?mb=<n>                          a generated n MiB body, never stored
 *   /_/maxage/<seconds>/<path>              /<path> with Cache-Control: max-age
 *   /_/as/<content-type, URI-encoded>/<path> /<path> with that Content-Type (wrong charsets)
 *   /_/gzip/<path>, /_/br/<path>            /<path> compressed with that Content-Encoding
 *
 * Every served body has `http://localhost:3001/` (the lite-reader corpus) rewritten to this server's URL.
 */
export interface FeedServer {
	url: string;
	/** How many requests reached this path (without the query). */
	hits(pathname: string): number;
	/** Bytes the generated /_/huge bodies actually sent so far (proves a client stopped reading early). */
	hugeBytesSent(): number;
	/** The request headers of the last request to this path. */
	lastRequest(pathname: string): IncomingMessage['headers'] | undefined;
	/** Adds or replaces the document served at this path; the ETag and Last-Modified change with it. */
	setFeed(pathname: string, body: string | Buffer, contentType?: string): void;
	/** A programmable route for anything the built-ins do not cover. */
	setRoute(pathname: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
	close(): Promise<void>;
}

export interface FeedServerOptions {
	/** Extra folders to serve files from, searched after tests/fixtures/feeds. */
	dir?: string | string[];
}

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'feeds');
export const SHARED_FEEDS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'feeds');

const CONTENT_TYPES: Record<string, string> = {
	'.rss': 'application/rss+xml',
	'.atom': 'application/atom+xml',
	'.xml': 'application/xml',
	'.rdf': 'application/rdf+xml',
	'.json': 'application/feed+json',
	'.html': 'text/html; charset=utf-8'
};

interface Document {
	body: Buffer;
	contentType: string;
	etag: string;
	lastModified: string;
}

export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
	const dirs = [FIXTURES_DIR, ...[options.dir ?? []].flat()];
	const documents = new Map<string, Document>();
	const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
	const hitCounts = new Map<string, number>();
	const lastHeaders = new Map<string, IncomingMessage['headers']>();
	let baseUrl = '';
	let version = 0;
	const hugeSent = { bytes: 0 };

	function makeDocument(body: Buffer, contentType: string): Document {
		// Latin-1 round trip keeps every byte, so feeds in other charsets survive the rewrite.
		const rewritten = Buffer.from(
			body.toString('latin1').replaceAll('http://localhost:3001/', `${baseUrl}/`),
			'latin1'
		);
		version += 1;
		return {
			body: rewritten,
			contentType,
			etag: `"${createHash('sha1').update(rewritten).digest('hex').slice(0, 16)}"`,
			// Distinct per version, in the past, so If-Modified-Since works and nothing looks far-future.
			lastModified: new Date(Date.UTC(2025, 0, 1) + version * 1000).toUTCString()
		};
	}

	function findDocument(pathname: string): Document | undefined {
		const set = documents.get(pathname);
		if (set) return set;
		const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
		for (const dir of dirs) {
			const file = path.resolve(dir, relative);
			if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
			const doc = makeDocument(fs.readFileSync(file), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
			documents.set(pathname, doc);
			return doc;
		}
		return undefined;
	}

	function serveDocument(
		req: IncomingMessage,
		res: ServerResponse,
		pathname: string,
		extra: { contentType?: string; maxAge?: number; encoding?: 'gzip' | 'br' } = {}
	): void {
		const doc = findDocument(pathname);
		if (!doc) return plain(res, 404, `no such document: ${pathname}`);
		const headers: Record<string, string> = {
			ETag: doc.etag,
			'Last-Modified': doc.lastModified,
			'Content-Type': extra.contentType ?? doc.contentType
		};
		if (extra.maxAge !== undefined) headers['Cache-Control'] = `max-age=${extra.maxAge}`;
		const inm = req.headers['if-none-match'];
		const ims = req.headers['if-modified-since'];
		if ((inm !== undefined && inm === doc.etag) || (inm === undefined && ims === doc.lastModified)) {
			res.writeHead(304, headers).end();
			return;
		}
		let body = doc.body;
		if (extra.encoding === 'gzip') body = zlib.gzipSync(body);
		if (extra.encoding === 'br') body = zlib.brotliCompressSync(body);
		if (extra.encoding) headers['Content-Encoding'] = extra.encoding;
		res
			.writeHead(200, { ...headers, 'Content-Length': String(body.length) })
			.end(req.method === 'HEAD' ? undefined : body);
	}

	function builtIn(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
		const parts = url.pathname.split('/').slice(2);
		const rest = '/' + parts.slice(2).join('/');
		const query = url.searchParams;
		switch (parts[0]) {
			case 'redirect':
				res.writeHead(Number(parts[1]), { Location: '/' + parts.slice(2).join('/') + url.search }).end();
				return true;
			case 'redirect-to':
				res.writeHead(Number(query.get('code') ?? 302), { Location: query.get('to') ?? '/' }).end();
				return true;
			case 'loop':
				res.writeHead(302, { Location: `/_/loop/${Number(parts[1] ?? 0) + 1}` }).end();
				return true;
			case 'status': {
				const retryAfter = query.get('retryAfter');
				if (retryAfter) res.setHeader('Retry-After', retryAfter);
				plain(res, Number(parts[1]), `status ${parts[1]}`);
				return true;
			}
			case 'slow':
				trickle(res, Number(query.get('delayMs') ?? 100), Number(query.get('bytes') ?? 100));
				return true;
			case 'huge':
				huge(res, Number(query.get('mb') ?? 50), hugeSent);
				return true;
			case 'maxage':
				serveDocument(req, res, rest, { maxAge: Number(parts[1]) });
				return true;
			case 'as':
				serveDocument(req, res, rest, { contentType: decodeURIComponent(parts[1] ?? '') });
				return true;
			case 'gzip':
			case 'br':
				serveDocument(req, res, '/' + parts.slice(1).join('/'), { encoding: parts[0] });
				return true;
			default:
				return false;
		}
	}

	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', baseUrl);
		hitCounts.set(url.pathname, (hitCounts.get(url.pathname) ?? 0) + 1);
		lastHeaders.set(url.pathname, req.headers);
		const route = routes.get(url.pathname);
		if (route) return route(req, res);
		if (url.pathname.startsWith('/_/') && builtIn(req, res, url)) return;
		serveDocument(req, res, url.pathname);
	});
	server.listen(0, '127.0.0.1');
	await new Promise<void>((resolve) => server.once('listening', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: baseUrl,
		hits: (pathname) => hitCounts.get(pathname) ?? 0,
		hugeBytesSent: () => hugeSent.bytes,
		lastRequest: (pathname) => lastHeaders.get(pathname),
		setFeed(pathname, body, contentType) {
			const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
			documents.set(
				pathname,
				makeDocument(bytes, contentType ?? CONTENT_TYPES[path.extname(pathname)] ?? 'application/xml')
			);
		},
		setRoute(pathname, handler) {
			routes.set(pathname, handler);
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

function plain(res: ServerResponse, status: number, text: string): void {
	res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

/** A feed that arrives one byte at a time: only a timeout ends it early. */
function trickle(res: ServerResponse, delayMs: number, bytes: number): void {
	res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
	let sent = 0;
	const timer = setInterval(() => {
		if (res.destroyed || sent >= bytes) {
			clearInterval(timer);
			res.end();
			return;
		}
		res.write(sent === 0 ? '<' : ' ');
		sent += 1;
	}, delayMs);
	res.on('close', () => clearInterval(timer));
}

/** A generated body of n MiB without Content-Length, written as the client reads it (never held in memory). */
function huge(res: ServerResponse, mb: number, sent: { bytes: number }): void {
	res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
	const chunk = Buffer.alloc(64 * 1024, 'a');
	let remaining = mb * 16;
	const pump = () => {
		while (remaining > 0 && !res.destroyed) {
			remaining -= 1;
			sent.bytes += chunk.length;
			if (!res.write(chunk)) return void res.once('drain', pump);
		}
		if (!res.destroyed) res.end();
	};
	pump();
}
