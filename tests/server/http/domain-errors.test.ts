import { afterEach, describe, expect, it } from 'vitest';
import { removeUser } from '../../../server/admin/admin-service';
import { DomainError } from '../../../server/domain-errors';
import { HttpError } from '../../../server/http/errors';
import { importOpml } from '../../../server/feeds/opml/opml-import';
import { patchFolder } from '../../../server/sync/rest-service';
import { startTestServer, type TestServer } from '../../support/test-server';
import { setupAdmin } from '../../support/accounts';

let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function thrownBy(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (err) {
		return err;
	}
	throw new Error('expected a throw');
}

describe('domain errors', () => {
	it('services, mutations and the OPML import throw domain errors that carry no HTTP', async () => {
		server = await startTestServer();
		const db = server.store;
		const cases: [unknown, string][] = [
			[await thrownBy(() => removeUser(db, 999)), 'not_found'],
			[await thrownBy(() => patchFolder(db, 1, Date.now(), 'no-such-folder', { name: 'x' })), 'not_found'],
			[await thrownBy(() => importOpml(db, 1, 'not xml at all', Date.now())), 'invalid']
		];
		for (const [err, kind] of cases) {
			expect(err).toBeInstanceOf(DomainError);
			expect(err).not.toBeInstanceOf(HttpError);
			expect((err as DomainError).kind).toBe(kind);
		}
	});

	it('the error handler answers each kind with its status and the error shape', async () => {
		server = await startTestServer();
		const { token } = await setupAdmin(server);
		const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const missing = await fetch(`${server.url}/api/admin/users/999`, { method: 'DELETE', headers: auth });
		expect(missing.status).toBe(404);
		expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no such user' } });
		const badOpml = await fetch(`${server.url}/api/opml`, { method: 'POST', headers: auth, body: '{"opml":"<x"}' });
		expect(badOpml.status).toBe(400);
		expect((await badOpml.json()).error.code).toBe('invalid_request');
	});
});
