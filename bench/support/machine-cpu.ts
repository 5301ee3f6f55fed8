import fs from 'node:fs';

export interface CpuMeter {
	/** Since the meter started: how busy the machine's cores were (0..1, all processes, other users' too). */
	machineBusy(): number;
	/** Since the meter started: this process's CPU (the load generator's), in ms. */
	ownMs(): number;
}

/** Jiffies of the aggregate `cpu` line of /proc/stat: all of them, and the idle ones (idle + iowait). */
function machineJiffies(): { total: number; idle: number } {
	const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	return { total: fields.reduce((sum, n) => sum + n, 0), idle: fields[3]! + fields[4]! };
}

/**
 * Where the cores went during a measured phase: on a shared machine the server's own CPU per request says what a
 * request costs, the machine's busy share says whether there was any CPU left to go faster with.
 */
export function startCpuMeter(): CpuMeter {
	const machine = machineJiffies();
	const own = process.cpuUsage();
	return {
		machineBusy() {
			const now = machineJiffies();
			return 1 - (now.idle - machine.idle) / (now.total - machine.total);
		},
		ownMs() {
			const used = process.cpuUsage(own);
			return (used.user + used.system) / 1000;
		}
	};
}
