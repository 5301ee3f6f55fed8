import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { EMBED_ORIGINS } from '#shared/embed-hosts';

/**
 * SvelteKit's built index.html starts the app with one small inline script. Rather than allow inline scripts,
 * the policy names that script by its hash, read from the build the server is about to serve.
 */
export function inlineScriptHashes(indexHtml: string): string[] {
	const hashes: string[] = [];
	for (const match of indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
		hashes.push(`'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`);
	}
	return hashes;
}

/**
 * The hashes of the built index.html, read again when the file changes, so a rebuild needs no restart. The file is
 * looked at most once a second: the hashes are asked for on every response, API ones included.
 */
function builtScriptHashes(indexFile: string, now = Date.now): () => string {
	let seen: { mtimeMs: number; value: string; checkedAt: number } | undefined;
	return () => {
		if (seen && now() - seen.checkedAt < 1000) return seen.value;
		const mtimeMs = fs.statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
		if (seen?.mtimeMs !== mtimeMs) {
			const hashes = mtimeMs ? inlineScriptHashes(fs.readFileSync(indexFile, 'utf8')) : [];
			seen = { mtimeMs, value: hashes.join(' ') || "'self'", checkedAt: now() };
		}
		seen.checkedAt = now();
		return seen.value;
	};
}

/**
 * Helmet's headers with the policy for the current build. Helmet is made again only when the build's script hashes
 * change: with only fixed values it writes the policy once, where a value computed per request made it rebuild
 * and re-check the whole policy for every response (bench/load.ts).
 */
export function securityHeaders(buildDir: string, options: { directImages: boolean }): RequestHandler {
	const scriptHashes = builtScriptHashes(path.join(buildDir, 'index.html'));
	let current: { hashes: string; headers: RequestHandler } | undefined;
	return (req, res, next) => {
		const hashes = scriptHashes();
		if (current?.hashes !== hashes) current = { hashes, headers: helmetFor(hashes, options.directImages) };
		current.headers(req, res, next);
	};
}

function helmetFor(scriptHashes: string, directImages: boolean): RequestHandler {
	return helmet({
		contentSecurityPolicy: {
			useDefaults: false,
			directives: {
				defaultSrc: ["'self'"],
				scriptSrc: ["'self'", scriptHashes],
				// Svelte writes inline style attributes (transitions, virtual list offsets); scripts stay locked down.
				styleSrc: ["'self'", "'unsafe-inline'"],
				// Article images come through the media proxy (same origin) unless MEDIA_PROXY=off sends them direct.
				imgSrc: directImages ? ["'self'", 'data:', 'https:', 'http:'] : ["'self'", 'data:'],
				// Audio and video stream from anywhere on the web, never from script.
				mediaSrc: ["'self'", 'https:', 'http:'],
				frameSrc: EMBED_ORIGINS,
				connectSrc: ["'self'"],
				fontSrc: ["'self'"],
				workerSrc: ["'self'"],
				manifestSrc: ["'self'"],
				objectSrc: ["'none'"],
				baseUri: ["'none'"],
				formAction: ["'self'"],
				frameAncestors: ["'none'"]
			}
		},
		// Article images come from other sites, which rarely send CORP headers.
		crossOriginEmbedderPolicy: false,
		referrerPolicy: { policy: 'no-referrer' }
	});
}
