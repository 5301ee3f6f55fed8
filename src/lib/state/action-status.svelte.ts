import { ApiError } from '$lib/api/api-error';

/** "that username is taken" from the server reads "That username is taken." on the page. */
function sentence(text: string): string {
	const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
	return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

/** The outcome of the last thing a settings or admin section did, shown by ActionMessage. */
export class ActionStatus {
	message = $state<{ ok: boolean; text: string } | null>(null);

	/** Runs the action and says how it went: `done` on success, the server's reason (else `failed`) otherwise. */
	async run(
		action: () => Promise<unknown>,
		done: string,
		failed = 'Something went wrong; try again.'
	): Promise<boolean> {
		try {
			await action();
			this.message = { ok: true, text: done };
			return true;
		} catch (err) {
			this.fail(err, failed);
			return false;
		}
	}

	fail(err: unknown, failed: string): void {
		this.message = { ok: false, text: err instanceof ApiError ? sentence(err.message) : failed };
	}

	clear(): void {
		this.message = null;
	}
}
