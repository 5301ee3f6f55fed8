import type { Express } from 'express';

/**
 * Applies TRUST_PROXY: which peer may say, in X-Forwarded-For, who the client is. Everything keyed on the client
 * address (the rate limits) depends on it, so nothing is believed beyond what the operator named.
 */
export function trustProxy(app: Express, setting: string): void {
	if (setting.startsWith('header:')) {
		app.set('trust proxy', false);
		const header = setting.slice('header:'.length);
		app.use((req, _res, next) => {
			const address = req.get(header)?.trim();
			// The platform's proxy sets this on every request it forwards; req.ip is a getter, shadowed here.
			if (address) Object.defineProperty(req, 'ip', { value: address, configurable: true });
			next();
		});
	} else if (setting === 'none') {
		app.set('trust proxy', false);
	} else {
		app.set('trust proxy', /^\d+$/.test(setting) ? Number(setting) : setting);
	}
}
