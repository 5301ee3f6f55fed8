// The PostgreSQL backend's tests start a throwaway cluster (tests/support/postgres-cluster.ts) from Debian's
// postgresql binaries; this installs them when they are missing.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDebianPackage } from './ensure-debian-package.mjs';

const VERSIONS_DIR = '/usr/lib/postgresql';

/** The bin directory of the newest installed PostgreSQL server (Debian's layout), or null. */
export function postgresBinDir() {
	if (!fs.existsSync(VERSIONS_DIR)) return null;
	const newest = fs
		.readdirSync(VERSIONS_DIR)
		.filter((version) => fs.existsSync(path.join(VERSIONS_DIR, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a))[0];
	return newest ? path.join(VERSIONS_DIR, newest, 'bin') : null;
}

if (import.meta.filename === process.argv[1]) {
	ensureDebianPackage({
		installed: () => postgresBinDir() !== null,
		pkg: 'postgresql',
		usedBy: 'the PostgreSQL backend tests'
	});
}
