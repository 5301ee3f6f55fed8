import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as every browser benchmark runs it; no host but the local servers resolves. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'
		]
	});
}
