// The browser tests drive Debian's Chromium. Install it when it is missing and we may (root); otherwise stop at
// once and say the one command that installs it.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
	if (process.getuid?.() !== 0) {
		console.error('The browser tests need Chromium. Install it with: sudo apt-get install -y chromium');
		process.exit(1);
	}
	console.log('Installing Debian chromium for the browser tests…');
	execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
		stdio: 'inherit'
	});
}
