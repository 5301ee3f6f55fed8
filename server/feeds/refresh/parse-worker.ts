import { parentPort } from 'node:worker_threads';
import { parseFeed } from '../parse/parse-feed';
import { prepareEntry, uniqueByGuid } from './prepare-entries';
import type { ParseJob, ParseReply } from './parse-off-thread';

/** Parses and sanitizes big feeds off the main thread, so API requests are not held up by them. */
parentPort!.on('message', (job: ParseJob) => {
	let reply: ParseReply;
	try {
		const { entries, ...feed } = parseFeed(Buffer.from(job.body), job.options);
		const prepared = uniqueByGuid(entries).map((entry) => prepareEntry(entry, job.options.url));
		reply = { id: job.id, ok: true, feed, entries: prepared };
	} catch (err) {
		reply = { id: job.id, ok: false, message: (err as Error).message };
	}
	parentPort!.postMessage(reply);
});
