/**
 * `hash-burn`: how long a valid sign-in takes while 60 anonymous calls that used to hash a password arrive at
 * once: POST /api/setup on a server already set up, and 60 wrong sign-ins from 60 client addresses. Each figure
 * is the median of a few rounds on the real server in a child process, with the quiet sign-in measured in the
 * same run, so the ratio is what matters.
 */
import { call } from '../tests/support/http';
import { finish, runMain, say } from './support/report';
import { startBenchServer } from './support/server-process';
import { median, round } from './support/stats';

const PASSWORD = 'correct horse battery';
const FLOOD = 60;
const ROUNDS = 3;

runMain(async () => {
	const server = await startBenchServer();
	try {
		await call(server.url, 'POST', '/api/setup', { body: { username: 'admin', password: PASSWORD } });
		const timedLogin = async () => {
			const start = performance.now();
			const res = await call(server.url, 'POST', '/api/auth/login', {
				body: { username: 'admin', password: PASSWORD },
				headers: { 'X-Forwarded-For': '198.51.100.1' }
			});
			if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
			return performance.now() - start;
		};
		const under = async (flood: (i: number) => Promise<unknown>) => {
			const all = Array.from({ length: FLOOD }, (_, i) => flood(i));
			const ms = await timedLogin();
			await Promise.all(all);
			return ms;
		};
		const rounds = async (measure: () => Promise<number>) => {
			const times: number[] = [];
			for (let i = 0; i < ROUNDS; i++) times.push(await measure());
			return round(median(times), 0);
		};
		const quietMs = await rounds(timedLogin);
		const setupFloodMs = await rounds(() =>
			under((i) => call(server.url, 'POST', '/api/setup', { body: { username: `x${i}`, password: PASSWORD } }))
		);
		const loginFloodMs = await rounds(() =>
			under((i) =>
				call(server.url, 'POST', '/api/auth/login', {
					body: { username: 'admin', password: `wrong password ${i}` },
					headers: { 'X-Forwarded-For': `203.0.113.${i}` }
				})
			)
		);
		say('sign-in alone (ms)', quietMs);
		say(`sign-in under ${FLOOD} setup calls (ms)`, setupFloodMs);
		say(`sign-in under ${FLOOD} wrong sign-ins from ${FLOOD} addresses (ms)`, loginFloodMs);
		finish(
			'hash-burn',
			{
				quietMs,
				setupFloodMs,
				loginFloodMs,
				setupFloodRatio: round(setupFloodMs / quietMs, 1),
				loginFloodRatio: round(loginFloodMs / quietMs, 1)
			},
			{ flood: FLOOD, rounds: ROUNDS }
		);
	} finally {
		await server.close();
	}
});
