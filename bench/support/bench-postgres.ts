import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { serverActivity } from './pg-activity-repo';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../tests/support/postgres-cluster';

export interface BenchPostgres {
	cluster: PostgresCluster;
	/** A new, empty database on the cluster: its URL. */
	createDatabase(): Promise<string>;
	/** CPU time of the whole cluster so far (the postmaster, its live backends and the ones that exited), in ms. */
	cpuMs(): number;
	stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** /proc/<pid>/stat after the command name (which may hold spaces): state is field 0, ppid 1, utime 11. */
function statFields(pid: string): string[] | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		// It exited between the listing and the read: its time is in its parent's cutime now.
		return null;
	}
}

/** utime + stime (+ cutime + cstime: children that exited and were waited for) of a process, in clock ticks. */
function processTicks(fields: string[], withChildren: boolean): number {
	const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
	return utime + stime + (withChildren ? cutime + cstime : 0);
}

/**
 * The benchmark's own throwaway PostgreSQL cluster (tests/support/postgres-cluster.ts: initdb in a temporary
 * directory as a non-root user, a free port), and the CPU its processes spend, read from /proc as `top` would:
 * the server's CPU must be named apart from PostgreSQL's to say which one is the bottleneck.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
	const cluster = await startPostgresCluster();
	const postmaster = fs.readFileSync(path.join(cluster.socketDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]!;
	return {
		cluster,
		createDatabase: () => createDatabase(cluster.url, 'bench'),
		cpuMs() {
			let ticks = processTicks(statFields(postmaster)!, true);
			for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
				const fields = statFields(pid);
				if (fields?.[1] === postmaster) ticks += processTicks(fields, false);
			}
			return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
		},
		stop: () => cluster.stop()
	};
}

/** What the server's pooled connections were doing, averaged over the samples: backends in each state. */
export type ActivityProfile = Record<string, number>;

/** Samples the server's connections (serverActivity) every `everyMs` until stopped, on a connection of its own. */
export async function sampleActivity(url: string, everyMs = 50): Promise<{ stop(): Promise<ActivityProfile> }> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	const counts = new Map<string, number>();
	let samples = 0;
	let stopped = false;
	const loop = (async () => {
		while (!stopped) {
			const rows = await serverActivity(client);
			samples += 1;
			for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			await client.end();
			const profile: ActivityProfile = {};
			for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1])) {
				profile[what] = Math.round((n / samples) * 100) / 100;
			}
			return profile;
		}
	};
}
