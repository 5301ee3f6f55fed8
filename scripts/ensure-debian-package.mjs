// Tests that drive a real Debian program (Chromium, newsboat) install it when it is missing and we may (root);
// otherwise they stop at once and say the one command that installs it.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * `installed` says whether the package is there when one binary's path cannot (it holds a version, say).
 * @param {{ pkg: string, usedBy: string, binary?: string, installed?: () => boolean }} options
 */
export function ensureDebianPackage({ binary, pkg, usedBy, installed = () => fs.existsSync(binary ?? '') }) {
	if (installed()) return;
	if (process.getuid?.() !== 0) {
		console.error(`${usedBy} need ${pkg}. Install it with: sudo apt-get install -y ${pkg}`);
		process.exit(1);
	}
	console.log(`Installing Debian ${pkg} for ${usedBy}…`);
	execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { stdio: 'inherit' });
}
