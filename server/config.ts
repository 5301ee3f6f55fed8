import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
	.enum(['true', 'false', '1', '0', 'yes', 'no', ''])
	.default('false')
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A PostgreSQL connection URL: postgres:// or postgresql://, naming a host (or a socket directory as ?host=). */
function isPostgresUrl(value: string): boolean {
	try {
		const url = new URL(value);
		const scheme = url.protocol === 'postgres:' || url.protocol === 'postgresql:';
		return scheme && (url.hostname !== '' || url.searchParams.has('host'));
	} catch {
		return false;
	}
}

/** Configuration (design.md §3, a contract): environment variables, validated once at start. */
export const configSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	ALLOW_PRIVATE_FEEDS: booleanFromEnv,
	/** Unset: each feed's interval adapts to how often it posts. */
	REFRESH_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10080).optional(),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	/** Unset: SQLite in DATA_DIR. A PostgreSQL URL: that database, which several server processes may share. */
	DATABASE_URL: z
		.string()
		.trim()
		.refine(isPostgresUrl, 'use postgres://user:password@host:5432/database (see docs/operations.md)')
		.optional(),
	/** How long a write waits for another process's lock before the request gets a 503. */
	DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60000).default(1000),
	/**
	 * Whose X-Forwarded-For is believed (design.md §8): `loopback` (a proxy on the same machine), `none`, a hop
	 * count, addresses and ranges separated by commas, or `header:<name>` for a platform whose edge proxy always
	 * sets the client's address in that header (Fly.io's Fly-Client-IP). See docs/operations.md.
	 */
	TRUST_PROXY: z
		.string()
		.trim()
		.regex(/^(none|\d+|header:[A-Za-z0-9-]+|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/, 'see docs/operations.md')
		.default('loopback'),
	/** Off unless set: lets end-to-end tests make the server fail on purpose. Never set it in production. */
	TEST_FAULTS: booleanFromEnv,
	/** `on`: feed images are served through /api/media (same origin, cacheable offline); `off`: from their sites. */
	MEDIA_PROXY: z.enum(['on', 'off']).default('on'),
	/** Signs media URLs; unset: a random key is made on first start and kept in DATA_DIR/media-proxy.key. */
	MEDIA_PROXY_SECRET: z.string().min(32, { message: 'use at least 32 characters' }).optional(),
	/** The built app to serve; unset: build/ in the repository. Tests point it at a copy to ship an update. */
	BUILD_DIR: z.string().min(1).optional()
});

export type Config = z.infer<typeof configSchema> & { databasePath: string; buildDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const fromEnv = Object.fromEntries(
		Object.keys(configSchema.shape).flatMap((key) =>
			env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]]
		)
	);
	const parsed = configSchema.safeParse(fromEnv);
	if (!parsed.success) {
		throw new Error(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
	}
	const dataDir = path.resolve(parsed.data.DATA_DIR);
	return {
		...parsed.data,
		DATA_DIR: dataDir,
		databasePath: path.join(dataDir, 'tidings.db'),
		buildDir: path.resolve(parsed.data.BUILD_DIR ?? path.join(import.meta.dirname, '..', 'build'))
	};
}

const SECRET_KEYS = /SECRET|TOKEN|PASSWORD|KEY/i;

/** The configuration as printed at start: nothing that looks like a secret is shown. */
export function describeConfig(config: Config): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(config).map(([key, value]) => {
			if (key === 'DATABASE_URL' && typeof value === 'string') return [key, withoutPassword(value)];
			return [key, SECRET_KEYS.test(key) && value !== undefined ? '***' : value];
		})
	);
}

function withoutPassword(databaseUrl: string): string {
	const url = new URL(databaseUrl);
	if (url.password) url.password = '***';
	return url.toString();
}
