import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

interface RequestLogLine {
	req?: { path?: string };
	responseTime?: number;
}

/**
 * The server's own time for each completed request to `path` (the request log's responseTime: from the request's
 * arrival to the response's last byte handed to the socket), in log order, read from the server's log file.
 */
export async function serverTimes(logFile: string, path: string): Promise<number[]> {
	// The logger writes through a stream: give it a moment to flush the last lines.
	await sleep(200);
	return fs
		.readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => line.includes(path))
		.map((line) => JSON.parse(line) as RequestLogLine)
		.filter((entry) => entry.req?.path === path && typeof entry.responseTime === 'number')
		.map((entry) => entry.responseTime!);
}
