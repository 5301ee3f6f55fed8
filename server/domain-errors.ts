import type { ErrorCode } from '#shared/api';

/** What kind of refusal: the HTTP layer maps each kind to a status once (server/http/errors.ts). */
export type DomainErrorKind =
	'not_found' | 'conflict' | 'invalid' | 'forbidden' | 'unauthenticated' | 'too_large' | 'unavailable' | 'upstream';

/**
 * What services, mutations and repos throw when a request cannot be done. It carries no HTTP, so the CLI and the
 * workers call the same functions the routes call and show the message their own way.
 */
export class DomainError extends Error {
	constructor(
		readonly kind: DomainErrorKind,
		message: string,
		/** A more precise wire code than the kind's own, for example `invalid_credentials`. */
		readonly code?: ErrorCode,
		readonly details?: unknown
	) {
		super(message);
	}
}

export const notFound = (message = 'not found') => new DomainError('not_found', message);
export const conflict = (message: string) => new DomainError('conflict', message);
export const invalid = (message: string, details?: unknown) => new DomainError('invalid', message, undefined, details);
export const forbidden = (message = 'you are not allowed to do that') => new DomainError('forbidden', message);
