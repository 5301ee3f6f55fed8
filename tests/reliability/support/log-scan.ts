import fs from 'node:fs';

/** Which of the given secrets (tokens, passwords) appear anywhere in these log texts or files. */
export function secretsFoundInLogs(logs: (string | { file: string })[], secrets: string[]): string[] {
	const text = logs.map((log) => (typeof log === 'string' ? log : fs.readFileSync(log.file, 'utf8'))).join('\n');
	return secrets.filter((secret) => secret.length >= 6 && text.includes(secret));
}
