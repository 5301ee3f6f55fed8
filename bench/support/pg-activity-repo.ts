import type pg from 'pg';

/**
 * What the server's pooled connections (application_name 'tidings') are doing now, counted by state: running,
 * waiting on a lock (with the start of the waiting statement), waiting on something else, or idle in a
 * transaction (waiting for the server process's next statement). Benchmark-only SQL, kept in this data-access
 * module.
 */
export async function serverActivity(client: pg.Client): Promise<{ what: string; n: number }[]> {
	const { rows } = await client.query<{ what: string; n: string }>(
		`SELECT CASE
		   WHEN wait_event_type = 'Lock' THEN 'lock ' || wait_event || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 50)
		   WHEN state = 'active' AND wait_event IS NULL THEN 'active (running)'
		   WHEN state = 'active' THEN 'active, waiting ' || wait_event_type || '/' || wait_event
		   ELSE state END AS what, count(*) AS n
		 FROM pg_stat_activity WHERE application_name = 'tidings' GROUP BY 1`
	);
	return rows.map((row) => ({ what: row.what, n: Number(row.n) }));
}
