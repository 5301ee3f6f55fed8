import Bowser from 'bowser';

/** "Firefox on Android", from what a device said about itself at sign-in, else from its user agent. */
export function deviceName(given: string | null, userAgent: string | null): string {
	if (given) return given;
	if (!userAgent) return 'Unknown device';
	const { browser, os } = Bowser.parse(userAgent);
	if (browser.name && os.name) return `${browser.name} on ${os.name}`;
	return browser.name || os.name || userAgent.slice(0, 60);
}
