import type { PublicUser, SessionResponse } from '$lib/shared/api';

const STORAGE_KEY = 'tidings.session';

/** Who is signed in on this device. The token is dropped only by `signOut` or after an explicit 401. */
class SessionState {
	token = $state<string | null>(null);
	user = $state<PublicUser | null>(null);

	constructor() {
		if (typeof localStorage === 'undefined') return;
		const stored = localStorage.getItem(STORAGE_KEY);
		if (!stored) return;
		try {
			const parsed = JSON.parse(stored) as SessionResponse;
			this.token = parsed.token;
			this.user = parsed.user;
		} catch {
			localStorage.removeItem(STORAGE_KEY);
		}
	}

	signIn(session: SessionResponse): void {
		this.token = session.token;
		this.user = session.user;
		localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
	}

	signOut(): void {
		this.token = null;
		this.user = null;
		localStorage.removeItem(STORAGE_KEY);
	}
}

export const session = new SessionState();
