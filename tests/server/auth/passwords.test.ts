import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashPassword, usesTestPasswordHashes, verifyPassword } from '../../../server/auth/passwords';

describe('password hash cost', () => {
	afterEach(() => vi.unstubAllEnvs());

	it('is the full cost unless the test setting is on, and always in production', () => {
		expect(usesTestPasswordHashes({})).toBe(false);
		expect(usesTestPasswordHashes({ TEST_FAST_PASSWORD_HASHES: 'false' })).toBe(false);
		expect(usesTestPasswordHashes({ TEST_FAST_PASSWORD_HASHES: 'true' })).toBe(true);
		expect(usesTestPasswordHashes({ TEST_FAST_PASSWORD_HASHES: 'true', NODE_ENV: 'production' })).toBe(false);
	});

	it('stores the cost with each hash, so a test-cost hash still verifies at full cost', async () => {
		vi.stubEnv('TEST_FAST_PASSWORD_HASHES', 'true');
		const cheap = await hashPassword('correct horse battery');
		vi.stubEnv('TEST_FAST_PASSWORD_HASHES', 'false');
		const full = await hashPassword('correct horse battery');

		expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
		expect(full).toMatch(/^scrypt\$32768\$8\$1\$/);
		for (const stored of [cheap, full]) {
			expect(await verifyPassword('correct horse battery', stored)).toBe(true);
			expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
		}
	});
});
