import { DomainError } from '../domain-errors';

/** A client id belongs to the first user who pushed with it; the device must make itself a new one. */
export const clientNotOwned = () =>
	new DomainError('forbidden', 'this client id belongs to another account', 'client_not_owned');
