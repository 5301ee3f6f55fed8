import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChangeBus } from '../../../server/sync/change-bus';
import { PgChangeTransport } from '../../../server/sync/pg-change-transport';
import { freshPostgresDatabase } from '../../support/postgres-database';

/** Resolves with the next call of a bus listener. */
function nextCall(subscribe: (listener: () => void) => () => void): Promise<void> {
	return new Promise((resolve) => {
		const stop = subscribe(() => {
			stop();
			resolve();
		});
	});
}

describe('the change bus across processes (PostgreSQL LISTEN/NOTIFY)', () => {
	let url: string;
	const opened: { bus: ChangeBus; transport: PgChangeTransport }[] = [];

	beforeAll(async () => {
		url = await freshPostgresDatabase('bus');
	});

	async function process(): Promise<{ bus: ChangeBus; transport: PgChangeTransport }> {
		const transport = new PgChangeTransport({ connectionString: url });
		const bus = new ChangeBus(transport);
		await bus.start();
		opened.push({ bus, transport });
		return { bus, transport };
	}

	afterEach(async () => {
		await Promise.all(opened.splice(0).map(({ bus }) => bus.disconnect()));
	});

	it("nudges another process's listeners of exactly the users that changed", async () => {
		const a = await process();
		const b = await process();
		const heard: number[] = [];
		for (const userId of [7, 8, 9]) b.bus.subscribe(userId, () => heard.push(userId));
		const nine = nextCall((l) => b.bus.subscribe(9, l));
		a.bus.notify([7, 7]);
		a.bus.notify([9]);
		await nine;
		expect(heard).toEqual([7, 9]);
	});

	it('a process hears its own notify once, from the bus, not again from the database', async () => {
		const a = await process();
		const b = await process();
		let heardOnA = 0;
		a.bus.subscribe(5, () => heardOnA++);
		const onB = nextCall((l) => b.bus.subscribe(5, l));
		a.bus.notify([5]);
		await onB;
		// b heard a's NOTIFY, so a's own delivery (had it been echoed) came before it on the same channel.
		const echoProbe = nextCall((l) => a.bus.subscribe(6, l));
		b.bus.notify([6]);
		await echoProbe;
		expect(heardOnA).toBe(1);
	});

	it('ends the sessions of a user on another process', async () => {
		const a = await process();
		const b = await process();
		const ended = nextCall((l) => b.bus.onSessionsEnded(3, l));
		a.bus.sessionsEnded(3);
		await ended;
	});

	it('sends many users in several notifications (a NOTIFY payload is limited to 8000 bytes)', async () => {
		const a = await process();
		const b = await process();
		const ids = Array.from({ length: 3000 }, (_, i) => 1_000_000 + i);
		const heard = new Set<number>();
		for (const id of ids) b.bus.subscribe(id, () => heard.add(id));
		const last = nextCall((l) => b.bus.subscribe(ids.at(-1)!, l));
		a.bus.notify(ids);
		await last;
		expect(heard.size).toBe(ids.length);
	});

	it('listens again after its connection is cut, and nudges its own streams once for what it missed', async () => {
		const a = await process();
		const b = await process();
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		try {
			const missedNudge = nextCall((l) => b.bus.subscribe(4, l));
			await admin.query('SELECT pg_terminate_backend($1)', [b.transport.backendPid()]);
			await missedNudge;
			await b.transport.connected;
			const later = nextCall((l) => b.bus.subscribe(4, l));
			a.bus.notify([4]);
			await later;
		} finally {
			await admin.end();
		}
	});
});
