/**
 * `parse`: MB/s of the project's parser (parseFeed) and of rss-parser, the peer, on the same files in the same
 * run: the shared corpus (../shared/feeds, when it exists) plus large synthetic RSS and Atom feeds. Rounds
 * alternate the two parsers, so noise hits both alike; the figure is total bytes over the median round time.
 * A second figure, files per second, is taken the same way over many tiny feeds (one to four short items each),
 * where what a parser costs to start on a file matters more than its speed through a long one.
 */
import fs from 'node:fs';
import path from 'node:path';
import RssParser from 'rss-parser';
import { parseFeed } from '../server/feeds/parse/parse-feed';
import { SHARED_FEEDS_DIR } from '../tests/support/feed-server';
import { finish, runMain, say } from './support/report';
import { median, round } from './support/stats';
import { syntheticAtom, syntheticRss } from './support/synthetic-feeds';

const ROUNDS = 15;
const SMALL_FEEDS = 400;

interface Sample {
	name: string;
	body: Buffer;
}

function corpus(): Sample[] {
	const files = fs.existsSync(SHARED_FEEDS_DIR)
		? fs.readdirSync(SHARED_FEEDS_DIR, { recursive: true, encoding: 'utf8' })
		: [];
	const shared = files
		.filter((file) => /\.(rss|atom|xml|rdf)$/.test(file))
		.map((file) => ({ name: file, body: fs.readFileSync(path.join(SHARED_FEEDS_DIR, file)) }));
	return [
		...shared,
		{ name: 'synthetic-rss-2000x2KB', body: Buffer.from(syntheticRss(2000, 2048)) },
		{ name: 'synthetic-atom-1000x4KB', body: Buffer.from(syntheticAtom(1000, 4096)) }
	];
}

function smallFeeds(): Sample[] {
	return Array.from({ length: SMALL_FEEDS }, (_, i) => {
		const items = 1 + (i % 4);
		const site = `https://small-${i}.example`;
		const body = i % 2 ? syntheticAtom(items, 300, site) : syntheticRss(items, 300, site);
		return { name: `small-${i}`, body: Buffer.from(body) };
	});
}

const ours = (sample: Sample) =>
	parseFeed(sample.body, { url: `https://example.com/${sample.name}`, contentType: null, now: Date.now() });

const peer = new RssParser();
const theirs = (sample: Sample) => peer.parseString(sample.body.toString('utf8'));

/** Only files both parsers accept are timed: a failure is not a speed. */
async function comparable(samples: Sample[]): Promise<{ timed: Sample[]; skipped: Record<string, string> }> {
	const timed: Sample[] = [];
	const skipped: Record<string, string> = {};
	for (const sample of samples) {
		try {
			await ours(sample);
			await theirs(sample);
			timed.push(sample);
		} catch (err) {
			skipped[sample.name] = (err as Error).message.slice(0, 120);
		}
	}
	return { timed, skipped };
}

async function roundMs(samples: Sample[], parse: (s: Sample) => unknown): Promise<number> {
	const start = performance.now();
	for (const sample of samples) await parse(sample);
	return performance.now() - start;
}

/** Median round times of both parsers over the samples, rounds alternating; the first two warm up the JIT. */
async function medianRounds(samples: Sample[]): Promise<{ oursMs: number[]; theirsMs: number[] }> {
	const oursMs: number[] = [];
	const theirsMs: number[] = [];
	for (let i = 0; i < ROUNDS + 2; i += 1) {
		const a = await roundMs(samples, ours);
		const b = await roundMs(samples, theirs);
		if (i >= 2) {
			oursMs.push(a);
			theirsMs.push(b);
		}
	}
	return { oursMs, theirsMs };
}

runMain(async () => {
	const { timed, skipped } = await comparable(corpus());
	const bytes = timed.reduce((sum, s) => sum + s.body.length, 0);
	const mb = bytes / 2 ** 20;
	say('files', `${timed.length} timed (${round(mb)} MB), skipped ${JSON.stringify(skipped)}`);
	const { oursMs, theirsMs } = await medianRounds(timed);
	const perFile: Record<string, { oursMs: number; peerMs: number }> = {};
	for (const sample of timed) {
		const a: number[] = [];
		const b: number[] = [];
		for (let i = 0; i < 5; i += 1) {
			a.push(await roundMs([sample], ours));
			b.push(await roundMs([sample], theirs));
		}
		perFile[sample.name] = { oursMs: round(median(a), 3), peerMs: round(median(b), 3) };
	}
	const mbPerS = mb / (median(oursMs) / 1000);
	const peerMbPerS = mb / (median(theirsMs) / 1000);
	say('tidings parseFeed', `${round(mbPerS)} MB/s (median round ${round(median(oursMs))} ms)`);
	say('rss-parser', `${round(peerMbPerS)} MB/s (median round ${round(median(theirsMs))} ms)`);

	const small = (await comparable(smallFeeds())).timed;
	const smallRounds = await medianRounds(small);
	const filesPerS = small.length / (median(smallRounds.oursMs) / 1000);
	const peerFilesPerS = small.length / (median(smallRounds.theirsMs) / 1000);
	say('tidings parseFeed, small feeds', `${round(filesPerS)} files/s over ${small.length} files`);
	say('rss-parser, small feeds', `${round(peerFilesPerS)} files/s`);
	finish(
		'parse',
		{
			mb_per_s: round(mbPerS),
			peer_mb_per_s: round(peerMbPerS),
			ratio: round(mbPerS / peerMbPerS),
			small_files_per_s: round(filesPerS),
			peer_small_files_per_s: round(peerFilesPerS),
			small_ratio: round(filesPerS / peerFilesPerS)
		},
		{
			files: timed.length,
			megabytes: round(mb, 3),
			rounds: ROUNDS,
			oursMs,
			peerMs: theirsMs,
			skipped,
			perFile,
			smallFiles: small.length,
			smallBytes: small.reduce((sum, s) => sum + s.body.length, 0),
			smallOursMs: smallRounds.oursMs,
			smallPeerMs: smallRounds.theirsMs
		}
	);
});
