import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../server/db/backup';
import { setupAdmin, signupUser } from '../../support/accounts';
import { startTestServer, type TestServer } from '../../support/test-server';

describe('online backup', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startTestServer();
	});
	afterAll(() => server.close());

	it('copies a consistent database while the server is running', async () => {
		await setupAdmin(server);
		await signupUser(server, 'reader');
		const file = path.join(server.dataDir, 'backup', 'copy.db');
		const { pages } = await backupDatabase(server.db, file);
		expect(pages).toBeGreaterThan(0);
		const copy = new Database(file, { readonly: true });
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(copy.prepare('SELECT username FROM users ORDER BY id').all()).toEqual([
			{ username: 'admin' },
			{ username: 'reader' }
		]);
		copy.close();
	});
});
