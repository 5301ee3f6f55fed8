import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema } from '#shared/sync';
import { signupUser, setupAdmin } from '../support/accounts';
import { startTestServer, type TestServer } from '../support/test-server';
import { integrityCheck } from './support/db-snapshot';
import { anyJson, bodyVariants, maybe, nastyString, sendChecked } from './support/fuzz';
import { fcParams } from './support/soak';
import { mutationBody, numbering } from './support/sync-arbitraries';

const CLIENTS = ['fuzz-client-one', 'fuzz-client-two', 'fuzz-client-three'];

/** Issue 8, item 4 (sync): generated pushes and pulls keep the protocol's promises. */
describe('fuzzing push and pull', () => {
	let server: TestServer;
	let token: string;
	/** What the server acknowledged per client: the model a push must agree with. */
	const acknowledged = new Map<string, number>();
	const cookies: string[] = [];

	beforeAll(async () => {
		server = await startTestServer();
		await setupAdmin(server);
		token = (await signupUser(server, 'syncer')).token;
	});
	afterAll(() => server.close());

	it('push: applied once, duplicates skipped, stops at a gap, rejected bodies change nothing', async () => {
		const push = fc.record({
			clientId: fc.constantFrom(...CLIENTS),
			offset: numbering,
			mutations: fc.array(mutationBody, { maxLength: 12 })
		});
		const request = fc.oneof(
			{ weight: 8, arbitrary: push.map((p) => ({ kind: 'push' as const, ...p })) },
			{
				weight: 2,
				arbitrary: bodyVariants(
					fc.record(
						{
							protocolVersion: maybe(fc.constant(1)),
							clientId: maybe(fc.constantFrom(...CLIENTS)),
							mutations: maybe(fc.array(fc.record({ id: anyJson, name: anyJson, args: anyJson }), { maxLength: 3 }))
						},
						{ requiredKeys: [] }
					)
				).map((b) => ({ kind: 'raw' as const, ...b }))
			}
		);
		await fc.assert(
			fc.asyncProperty(request, async (req) => {
				if (req.kind === 'raw') {
					const res = await sendChecked(server, token, { method: 'POST', path: '/api/sync/push', ...req });
					// A well-formed push of garbage mutations is accepted (each rejected on its own): follow its count.
					if (res.status === 200) {
						acknowledged.set(
							(req.body as { clientId: string }).clientId,
							pushResponseSchema.parse(res.body).lastMutationId
						);
					}
					return;
				}
				const before = acknowledged.get(req.clientId) ?? 0;
				const first = Math.max(1, before + 1 + req.offset);
				const mutations = req.mutations.map((m, i) => ({ id: first + i, ...m }));
				const res = await sendChecked(server, token, {
					method: 'POST',
					path: '/api/sync/push',
					body: { protocolVersion: 1, clientId: req.clientId, mutations }
				});
				// A name past the envelope's limit fails the whole request (and sendChecked saw it change nothing).
				if (mutations.some((m) => m.name.length > 100)) return void expect(res.status).toBe(400);
				expect(res.status).toBe(200);
				const body = pushResponseSchema.parse(res.body);
				const gap = first > before + 1;
				const expectedLast = gap ? before : Math.max(before, first + mutations.length - 1);
				expect(body.lastMutationId).toBe(expectedLast);
				for (const result of body.results) {
					if (result.id <= before) expect(result.status).toBe('duplicate');
					else expect(['applied', 'rejected']).toContain(result.status);
				}
				expect(body.results.filter((r) => r.id > before).length).toBe(expectedLast - before);
				acknowledged.set(req.clientId, body.lastMutationId);
			}),
			fcParams(200, 5000)
		);
		const stored = server.db.prepare('SELECT last_mutation_id FROM sync_clients WHERE client_id = ?').pluck();
		for (const clientId of CLIENTS) expect(stored.get(clientId) ?? 0).toBe(acknowledged.get(clientId) ?? 0);
	});

	it('pull: every answer is a valid page or a 4xx, whatever the cookie', async () => {
		const first = await sendChecked(server, token, {
			method: 'POST',
			path: '/api/sync/pull',
			body: { protocolVersion: 1, clientId: CLIENTS[0], cookie: null }
		});
		expect(first.status).toBe(200);
		cookies.push(pullResponseSchema.parse(first.body).cookie);
		const tampered = fc
			.tuple(fc.constantFrom(...cookies), fc.nat(), fc.string({ minLength: 1, maxLength: 3 }))
			.map(
				([cookie, at, text]) =>
					cookie.slice(0, at % (cookie.length + 1)) + text + cookie.slice((at % (cookie.length + 1)) + 1)
			);
		const cookie = fc.oneof(fc.constant(null), fc.constantFrom(...cookies), tampered, nastyString, anyJson);
		const body = fc.record(
			{
				protocolVersion: maybe(fc.constant(1)),
				clientId: maybe(fc.constantFrom(...CLIENTS)),
				cookie,
				limit: maybe(fc.integer({ min: -1, max: 6000 }))
			},
			{ requiredKeys: ['protocolVersion', 'clientId'] }
		);
		await fc.assert(
			fc.asyncProperty(bodyVariants(body), async (b) => {
				const res = await sendChecked(server, token, { method: 'POST', path: '/api/sync/pull', ...b });
				if (res.status === 200) {
					const page = pullResponseSchema.parse(res.body);
					if (cookies.length < 20) cookies.push(page.cookie);
				} else {
					expect(res.status).toBeLessThan(500);
				}
			}),
			fcParams(200, 5000)
		);
		expect(integrityCheck(server.db)).toBe('ok');
	});
});
