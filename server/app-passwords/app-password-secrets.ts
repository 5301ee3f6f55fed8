import { createHash, createHmac, randomBytes } from 'node:crypto';

/*
 * An app password is a 256-bit random secret the server made, not something a person chose: there is no
 * dictionary to try and 2^256 guesses are out of reach at any speed, so a fast hash (SHA-256) stores it safely.
 * A slow password hash (scrypt, as for web passwords) would add ~50 ms of CPU and 32 MiB to every sign-in of every
 * client and could not be looked up by index. The same holds for the Auth token derived from it.
 */

export function newAppPassword(): string {
	return randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

/**
 * The Auth token ClientLogin answers with, derived from the password (keyed with it) so that every sign-in with
 * the same app password gets the same long-lived token without the server storing either: only its hash is kept.
 * base64url, so only [A-Za-z0-9_-], which every client copies into its header unchanged.
 */
export function authTokenFor(password: string): string {
	return createHmac('sha256', password).update('tidings greader auth').digest('base64url');
}

/** The T (edit) token for an Auth token: deterministic too, so it needs no storage and never expires on its own. */
export function editTokenFor(authToken: string): string {
	return createHmac('sha256', authToken).update('tidings greader edit').digest('base64url');
}
