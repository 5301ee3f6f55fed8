/** What a command needs from the process, so tests can run commands without spawning one. */
export interface CliIo {
	readStdin(): Promise<string>;
	out(text: string): void;
	err(text: string): void;
}

/** An error a command reports to the user as is, with exit code 1 and no stack trace. */
export class CliError extends Error {}

export const processIo: CliIo = {
	async readStdin() {
		const chunks: Buffer[] = [];
		for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks).toString('utf8');
	},
	out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
	err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
};

/** A password piped in (`echo secret | npm run cli -- user:add ann`): one line, without its newline. */
export async function readPassword(io: CliIo): Promise<string> {
	const password = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
	if (!password)
		throw new CliError('give the password on standard input, e.g. `printf %s "$PASSWORD" | npm run cli -- …`');
	return password;
}
