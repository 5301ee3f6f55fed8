import { parentPort } from 'node:worker_threads';
import type { ParseJob, ParseReply } from './parse-pool';
import { parseAndPrepareNow } from './prepare-entries';

/** One thread of the parse pool: parses and sanitizes feeds off the main thread, one job at a time. */
parentPort!.on('message', (job: ParseJob) => {
	let reply: ParseReply;
	try {
		reply = { id: job.id, ok: true, feed: parseAndPrepareNow(job.body, job.options) };
	} catch (err) {
		reply = { id: job.id, ok: false, message: (err as Error).message };
	}
	parentPort!.postMessage(reply);
});
