import http from 'node:http';
import zlib from 'node:zlib';

export interface RawResponse {
	status: number;
	/** Bytes on the wire (compressed, when the server compressed). */
	wireBytes: number;
	/** Bytes of the decoded body. */
	bodyBytes: number;
	body: string;
}

/**
 * A POST that asks for gzip and counts the bytes as they arrive: fetch() decompresses before anyone can count,
 * and a transfer size is one of the figures a benchmark reports.
 */
export function postJson(url: string, path: string, token: string, body: unknown): Promise<RawResponse> {
	const payload = Buffer.from(JSON.stringify(body));
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${url}${path}`,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': payload.length,
					'Accept-Encoding': 'gzip',
					Authorization: `Bearer ${token}`
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const wire = Buffer.concat(chunks);
					const decoded = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire;
					resolve({
						status: res.statusCode ?? 0,
						wireBytes: wire.length,
						bodyBytes: decoded.length,
						body: decoded.toString('utf8')
					});
				});
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}
