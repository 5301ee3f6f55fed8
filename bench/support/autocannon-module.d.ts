// autocannon ships no types; this covers the one call the benchmarks make (see autocannon.ts).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';
	function autocannon(
		options: object,
		callback: (err: Error | null, result: never) => void
	): EventEmitter & { stop(): void };
	export default autocannon;
}
