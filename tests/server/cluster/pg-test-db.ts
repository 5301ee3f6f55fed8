import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh, empty database on the test cluster named by TIDINGS_TEST_DATABASE_URL. */
export async function testDatabaseUrl(): Promise<string> {
	const base = process.env.TIDINGS_TEST_DATABASE_URL;
	if (!base) throw new Error('TIDINGS_TEST_DATABASE_URL is not set');
	const name = `t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(base);
	url.pathname = `/${name}`;
	return url.toString();
}
