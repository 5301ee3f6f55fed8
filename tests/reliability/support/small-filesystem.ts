import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A real, size-limited tmpfs for full-disk faults. Mounting needs root (CI containers and the dev
 * box run as root); elsewhere `mountSmallFilesystem` returns undefined and the tests fall back to SQLite's own
 * limits (`max_page_count`).
 */
export interface SmallFilesystem {
	dir: string;
	/** Writes a filler file until the file system reports ENOSPC. */
	fill(): void;
	/** Deletes the filler: space is back. */
	free(): void;
	unmount(): void;
}

export function mountSmallFilesystem(sizeMiB: number): SmallFilesystem | undefined {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-smallfs-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'ignore' });
	} catch {
		fs.rmdirSync(dir);
		return undefined;
	}
	const filler = path.join(dir, 'filler');
	return {
		dir,
		fill() {
			const fd = fs.openSync(filler, 'a');
			const chunk = Buffer.alloc(64 * 1024, 1);
			try {
				for (;;) fs.writeSync(fd, chunk);
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
			}
			// Fill the last partial block too, so not even a small append fits.
			try {
				for (;;) fs.writeSync(fd, Buffer.alloc(512, 1));
			} catch {
				// ENOSPC: full.
			}
			fs.closeSync(fd);
		},
		free() {
			fs.rmSync(filler, { force: true });
		},
		unmount() {
			execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
