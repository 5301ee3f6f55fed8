/** The targets of issue 7, per benchmark and RESULT key: what the figure must be. */
export const TARGETS: Record<string, Record<string, { text: string; met: (value: number) => boolean }>> = {
	reorder: {
		requests_ratio: { text: '≥ 500', met: (v) => v >= 500 },
		time_ratio: { text: '≥ 20', met: (v) => v >= 20 },
		fanout_401: { text: '= 0', met: (v) => v === 0 }
	},
	push: {
		apply_1000_p50_ms: { text: '≤ 30 ms', met: (v) => v <= 30 },
		overhead_ratio: { text: '≤ 3', met: (v) => v <= 3 }
	},
	load: {
		p99_ms: { text: '≤ 100 ms', met: (v) => v <= 100 },
		errors: { text: '= 0', met: (v) => v === 0 },
		unauthorized: { text: '= 0', met: (v) => v === 0 }
	},
	pull: { initial_ms: { text: '≤ 3000 ms', met: (v) => v <= 3000 } },
	refresh: {
		first_s: { text: '≤ 60 s', met: (v) => v <= 60 },
		conditional_s: { text: '≤ 15 s', met: (v) => v <= 15 },
		lag_p99_ms: { text: '≤ 50 ms', met: (v) => v <= 50 }
	},
	parse: { ratio: { text: '≥ 1', met: (v) => v >= 1 } },
	app: {
		apply_20k_ms: { text: '≤ 5000 ms', met: (v) => v <= 5000 },
		shell_js_kb_gz: { text: '≤ 150 KB', met: (v) => v <= 150 }
	}
};
