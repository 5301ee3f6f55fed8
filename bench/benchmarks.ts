/** Every benchmark, in the order `npm run bench` runs them: each is bench/<name>.ts. */
export const BENCHMARKS = [
	'parse',
	'push',
	'reorder',
	'load',
	'load-pg',
	'pull',
	'refresh',
	'app',
	'hash-burn',
	'greader',
	'media',
	'big-feeds',
	'startup'
] as const;
