import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 16, item 8: a server that cannot start because of its data says so in one line that names the file and
 * what to do, exits non-zero without a stack trace, and never writes to a database that failed its header check.
 * Each case spawns the real server process.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function start(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'index.ts')], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		// A server that starts is a failed test: stop it so the test ends.
		if (stdout.includes('is listening')) child.kill('SIGTERM');
	});
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	return { code, stderr, stdout };
}

function expectOneClearLine(result: { code: number | null; stderr: string }, ...mentions: (string | RegExp)[]) {
	expect(result.code, result.stderr).not.toBe(0);
	expect(result.stderr, result.stderr).not.toMatch(/^\s+at /m);
	const lines = result.stderr.trim().split('\n');
	expect(lines, result.stderr).toHaveLength(1);
	for (const mention of mentions) expect(lines[0]).toMatch(mention);
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-operator-'));

describe('operator messages at start', () => {
	it('a corrupt database file: names it, says restore from a backup, leaves it untouched', async () => {
		const dataDir = tempDir();
		const file = path.join(dataDir, 'tidings.db');
		const garbage = randomBytes(8192);
		fs.writeFileSync(file, garbage);
		const result = await start(dataDir);
		expectOneClearLine(result, file, /backup/i, /docs\/operations\.md/);
		expect(fs.readFileSync(file).equals(garbage)).toBe(true);
		expect(fs.readdirSync(dataDir)).toEqual(['tidings.db']);
	});

	it('a DATA_DIR that is a file', async () => {
		const file = path.join(tempDir(), 'not-a-dir');
		fs.writeFileSync(file, 'x');
		expectOneClearLine(await start(file), file, /is a file/, /docs\/operations\.md/);
	});

	it('a read-only DATA_DIR', async (ctx) => {
		const dir = tempDir();
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
		} catch {
			ctx.skip(); // mounting needs root; CI and the dev box have it
		}
		try {
			expectOneClearLine(await start(dir), dir, /cannot be written/, /docs\/operations\.md/);
		} finally {
			execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
		}
	});
});
