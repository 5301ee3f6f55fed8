import fs from 'node:fs';

/** Which of the given secrets (tokens, passwords) appear anywhere in these log texts or files. */
export function secretsFoundInLogs(logs: (string | { file: string })[], secrets: string[]): string[] {
	const text = logs.map((log) => (typeof log === 'string' ? log : fs.readFileSync(log.file, 'utf8'))).join('\n');
	return secrets.filter((secret) => secret.length >= 6 && text.includes(secret));
}

/** pino writes through a stream; give it a moment to reach the file before it is read. */
export function flushLogs(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 150));
}
