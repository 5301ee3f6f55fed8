import { expect, it } from 'vitest';
import { EventStream } from '../../../src/lib/sync/event-stream';
import { ManualTimers } from './fake-sync-server';

/** Stands in for EventSource (jsdom has none): records every connection and lets the test answer it. */
class FakeSource extends EventTarget {
	closed = false;
	close() {
		this.closed = true;
	}
	emit(type: 'open' | 'error' | 'change') {
		this.dispatchEvent(new Event(type));
	}
}

function stream(random = () => 1, maxBackoffMs?: number) {
	const sources: FakeSource[] = [];
	const timers = new ManualTimers();
	let nudges = 0;
	const events = new EventStream({
		url: () => '/api/sync/events?token=t',
		onNudge: () => (nudges += 1),
		open: () => {
			const source = new FakeSource();
			sources.push(source);
			return source;
		},
		timers,
		random,
		maxBackoffMs
	});
	return { events, sources, timers, nudges: () => nudges };
}

it('waits longer after each failed connection, up to a minute, with jitter', () => {
	const { events, sources, timers } = stream();
	events.start();
	const delays: number[] = [];
	for (let i = 0; i < 9; i++) {
		sources.at(-1)!.emit('error');
		expect(sources.at(-1)!.closed).toBe(true);
		delays.push(...timers.pending().map((t) => t.ms));
		timers.fire();
	}
	expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
	expect(sources).toHaveLength(10);

	const jittered = stream(() => 0.25);
	jittered.events.start();
	jittered.sources[0]!.emit('error');
	expect(jittered.timers.pending().map((t) => t.ms)).toEqual([250]);
});

it('waits no longer than the device caps the backoff at', () => {
	const { events, sources, timers } = stream(() => 1, 3000);
	events.start();
	const delays: number[] = [];
	for (let i = 0; i < 4; i++) {
		sources.at(-1)!.emit('error');
		delays.push(...timers.pending().map((t) => t.ms));
		timers.fire();
	}
	expect(delays).toEqual([1000, 2000, 3000, 3000]);
});

it('starts the backoff over once a connection opens, and asks for a pull after a gap', () => {
	const { events, sources, timers, nudges } = stream();
	events.start();
	sources[0]!.emit('open');
	expect(nudges()).toBe(0);
	sources[0]!.emit('error');
	timers.fire();
	sources[1]!.emit('error');
	expect(timers.pending().map((t) => t.ms)).toEqual([2000]);
	timers.fire();
	sources[2]!.emit('open');
	expect(nudges()).toBe(1);
	sources[2]!.emit('change');
	expect(nudges()).toBe(2);
	sources[2]!.emit('error');
	expect(timers.pending().map((t) => t.ms)).toEqual([1000]);
});

it('reconnects at once when the network is back, and not at all once stopped', () => {
	const { events, sources, timers } = stream();
	events.start();
	sources[0]!.emit('error');
	events.reconnectNow();
	expect(sources).toHaveLength(2);
	expect(timers.pending()).toEqual([]);
	events.reconnectNow();
	expect(sources).toHaveLength(2);
	events.stop();
	expect(sources[1]!.closed).toBe(true);
	events.reconnectNow();
	expect(sources).toHaveLength(2);
});
