import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Request bodies are never logged, and the paths below are censored as a second line of
 * defence, so passwords and tokens never reach a log even if a future log call passes them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
	return pino(
		{
			level,
			redact: {
				paths: [
					'password',
					'token',
					'*.password',
					'*.token',
					'req.headers.authorization',
					'req.headers.cookie',
					'req.query.token',
					'res.headers["set-cookie"]'
				],
				censor: '[redacted]'
			}
		},
		destination
	);
}
