import { ApiError } from '$lib/api/api-error';
import { createAppPassword, listAppPasswords, revokeAppPassword } from '$lib/api/app-passwords';
import { GREADER_PATH, type AppPassword, type CreatedAppPassword } from '$lib/shared/app-passwords';
import { session } from './session.svelte';

const explain = (err: unknown, doing: string) =>
	`${doing} failed: ${err instanceof ApiError ? err.message : 'the server could not be reached'}. Try again when online.`;

/** The address a native app is given: this server's origin and the Reader API's path. */
export function readerApiUrl(origin: string): string {
	return `${origin}${GREADER_PATH}`;
}

/** The app-passwords section's state: the list, the one just made (shown once), and what went wrong. */
export class AppPasswords {
	list = $state<AppPassword[]>([]);
	created = $state<CreatedAppPassword | null>(null);
	name = $state('');
	busy = $state(false);
	error = $state<string | null>(null);

	async load(): Promise<void> {
		await this.#run('Loading app passwords', async () => {
			this.list = await listAppPasswords(session);
		});
	}

	async create(): Promise<void> {
		const name = this.name.trim();
		if (!name) return;
		await this.#run('Making an app password', async () => {
			this.created = await createAppPassword(session, name);
			this.name = '';
			this.list = await listAppPasswords(session);
		});
	}

	async revoke(id: number): Promise<void> {
		await this.#run('Revoking the app password', async () => {
			await revokeAppPassword(session, id);
			if (this.created?.id === id) this.created = null;
			this.list = this.list.filter((p) => p.id !== id);
		});
	}

	async #run(doing: string, work: () => Promise<void>): Promise<void> {
		this.busy = true;
		this.error = null;
		try {
			await work();
		} catch (err) {
			this.error = explain(err, doing);
		} finally {
			this.busy = false;
		}
	}
}
