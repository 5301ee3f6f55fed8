/**
 * Runs `fn` while holding the named lock: a Web Lock where the platform has them (one pusher across every tab of
 * this origin), else an in-process queue (Node tests, old browsers: one pusher in this page).
 */
const queues = new Map<string, Promise<unknown>>();

export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
	if (locks) return locks.request(name, fn) as Promise<T>;
	const previous = queues.get(name) ?? Promise.resolve();
	const run = previous.then(fn, fn);
	const settled = run.catch(() => undefined);
	queues.set(name, settled);
	try {
		return await run;
	} finally {
		if (queues.get(name) === settled) queues.delete(name);
	}
}
