import { runLoad, statusCount, type LoadResult } from './autocannon';
import { deviceRequests, type LoadDevice } from './load-devices';
import type { BenchServer, ServerStats } from './server-process';

export interface ServerShare {
	requests: number;
	/** The server process's event-loop busy time and CPU (all its threads) per request it answered, in µs. */
	loopUsPerRequest: number;
	cpuUsPerRequest: number;
	cpuMs: number;
	/** The share of the load's wall time its event loop was busy (0..1): 1 is a saturated server process. */
	loopBusy: number;
	stats: ServerStats;
}

export interface LoadFigures {
	result: LoadResult;
	errors: number;
	unauthorized: number;
	status503: number;
	sqliteBusy: number;
	servers: ServerShare[];
}

/**
 * Drives the devices for `seconds` (autocannon, one connection per device; connection i goes to server i mod n,
 * as seedDevices set the device up) and measures what each server process spent on its share of the requests.
 */
export async function driveDevices(
	servers: BenchServer[],
	devices: LoadDevice[],
	seconds: number
): Promise<LoadFigures> {
	const before = await Promise.all(servers.map((s) => s.stats()));
	const result = await servers[0]!.profiled('load', () =>
		runLoad({
			url: servers.map((s) => s.url),
			connections: devices.length,
			duration: seconds,
			requests: [{ method: 'POST', path: '/api/sync/pull' }],
			perConnection: (index) => deviceRequests(devices[index]!)
		})
	);
	const after = await Promise.all(servers.map((s) => s.stats()));
	const shares = servers.map((_, s): ServerShare => {
		const requests = devices.filter((_, i) => i % servers.length === s).reduce((sum, d) => sum + d.answered, 0);
		const cpuMs = after[s]!.cpuMs - before[s]!.cpuMs;
		return {
			requests,
			loopUsPerRequest: Math.round(((after[s]!.loopActiveMs - before[s]!.loopActiveMs) * 1000) / requests),
			cpuUsPerRequest: Math.round((cpuMs * 1000) / requests),
			cpuMs: Math.round(cpuMs),
			loopBusy: (after[s]!.loopActiveMs - before[s]!.loopActiveMs) / (seconds * 1000),
			stats: after[s]!
		};
	});
	return {
		result,
		errors: result.non2xx + result.errors + result.timeouts,
		unauthorized: statusCount(result, 401),
		status503: statusCount(result, 503),
		sqliteBusy: after.reduce((sum, stats) => sum + stats.sqliteBusyLogLines, 0),
		servers: shares
	};
}
