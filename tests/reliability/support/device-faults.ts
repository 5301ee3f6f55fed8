import type { IncomingMessage } from 'node:http';
import type { ChaosProxy, Fault } from './chaos-proxy';
import type { Device } from './device';

export type SyncPath = 'push' | 'pull';

/**
 * Faults for one device at a time, on a chaos proxy shared by all of them: requests are told apart by their
 * bearer token. A device can be offline (every request refused before it reaches the server), or have faults
 * queued for its next pushes or pulls; everything else is forwarded.
 */
export class DeviceFaults {
	private readonly offline = new Set<string>();
	private readonly queued = new Map<string, { path: SyncPath; fault: Fault }[]>();

	constructor(proxy: ChaosProxy) {
		proxy.choose = (req) => this.choose(req);
	}

	setOffline(device: Device, offline: boolean): void {
		const token = tokenOf(device);
		if (offline) this.offline.add(token);
		else this.offline.delete(token);
	}

	/** The device's next request to /api/sync/<path> gets `fault`. */
	next(device: Device, path: SyncPath, fault: Fault): void {
		const token = tokenOf(device);
		this.queued.set(token, [...(this.queued.get(token) ?? []), { path, fault }]);
	}

	clear(): void {
		this.offline.clear();
		this.queued.clear();
	}

	private choose(req: IncomingMessage): Fault {
		const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
		if (this.offline.has(token)) return 'refuse';
		const queue = this.queued.get(token) ?? [];
		const index = queue.findIndex((q) => req.url === `/api/sync/${q.path}`);
		if (index < 0) return 'forward';
		return queue.splice(index, 1)[0]!.fault;
	}
}

function tokenOf(device: Device): string {
	if (!device.token) throw new Error(`${device.label} is signed out`);
	return device.token;
}
