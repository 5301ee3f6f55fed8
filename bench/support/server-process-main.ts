/**
 * The real app (createApp on a real SQLite file in a temp dir, port 0) in its own process, so the load a
 * benchmark generates and the server it measures do not share one event loop. Started by server-process.ts;
 * answers line commands on stdin: `stats` prints the process's memory and the server's SQLITE_BUSY log count,
 * `exit` closes the server and removes its data.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { startTestServer } from '../../tests/support/test-server';

const env = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
const server = await startTestServer({
	env,
	// Benchmarks sign in many users from one address; the login limits are not what is measured.
	rateLimits: { loginPerIp: 1_000_000, loginPerUsername: 1_000_000, windowMs: 60_000 }
});

function stats(): Record<string, number> {
	const log = fs.readFileSync(server.logFile, 'utf8');
	return {
		rssMb: process.memoryUsage().rss / 2 ** 20,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
		sqliteBusyLogLines: log.split('\n').filter((line) => line.includes('SQLITE_BUSY')).length,
		errorLogLines: log.split('\n').filter((line) => /"level":(50|60)/.test(line)).length
	};
}

console.log(JSON.stringify({ ready: true, url: server.url, dataDir: server.dataDir }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
	if (line.trim() === 'stats') console.log(JSON.stringify({ stats: stats() }));
	if (line.trim() === 'exit') void server.close().then(() => process.exit(0));
});
