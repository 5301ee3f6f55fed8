import { HttpError } from '../http/errors';

/** A client id belongs to the first user who pushed with it; the device must make itself a new one. */
export const clientNotOwned = () => new HttpError(403, 'client_not_owned', 'this client id belongs to another account');
