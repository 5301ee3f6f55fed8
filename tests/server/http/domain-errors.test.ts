import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeUser } from '../../../server/admin/admin-service';
import { openDatabase, type Db } from '../../../server/db/open';
import { DomainError } from '../../../server/domain-errors';
import { HttpError } from '../../../server/http/errors';
import { importOpml } from '../../../server/feeds/opml/opml-import';
import { patchFolder } from '../../../server/sync/rest-service';
import { makeDataDir, startTestServer, type TestServer } from '../../support/test-server';
import { setupAdmin } from '../../support/accounts';

let db: Db | undefined;
let server: TestServer | undefined;
afterEach(async () => {
	db?.close();
	await server?.close();
	db = server = undefined;
});

function database(): Db {
	const dir = makeDataDir();
	db = openDatabase(path.join(dir, 'tidings.db'), { busyTimeoutMs: 1000 });
	return db;
}

function thrownBy(run: () => unknown): unknown {
	try {
		run();
	} catch (err) {
		return err;
	}
	throw new Error('expected a throw');
}

describe('domain errors', () => {
	it('services, mutations and the OPML import throw domain errors that carry no HTTP', () => {
		const db = database();
		const cases: [unknown, string][] = [
			[thrownBy(() => removeUser(db, 999)), 'not_found'],
			[thrownBy(() => patchFolder(db, 1, Date.now(), 'no-such-folder', { name: 'x' })), 'not_found'],
			[thrownBy(() => importOpml(db, 1, 'not xml at all', Date.now())), 'invalid']
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
