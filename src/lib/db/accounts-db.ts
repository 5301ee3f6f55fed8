import Dexie, { type EntityTable } from 'dexie';
import type { PublicUser } from '$lib/shared/api';
import type { IndexedDbOptions } from './database';

/**
 * Who is signed in on this device, kept apart from the per-user databases. After a 401 the token is null but the
 * user stays, so the app knows whose local data (and outbox) waits for the next sign-in.
 */
export interface CurrentAccount {
	key: 'current';
	user: PublicUser;
	token: string | null;
}

export class AccountsDb extends Dexie {
	accounts!: EntityTable<CurrentAccount, 'key'>;

	constructor(options: IndexedDbOptions = {}) {
		super('tidings-accounts', options);
		this.version(1).stores({ accounts: 'key' });
	}

	async current(): Promise<CurrentAccount | undefined> {
		return this.accounts.get('current');
	}

	async save(user: PublicUser, token: string | null): Promise<void> {
		await this.accounts.put({ key: 'current', user, token });
	}

	async forget(): Promise<void> {
		await this.accounts.delete('current');
	}
}
