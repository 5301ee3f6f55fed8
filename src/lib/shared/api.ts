import { z } from 'zod';

/** The error body of every failed API request (design.md §3, a contract). */
export const errorCodes = [
	'invalid_request',
	'invalid_credentials',
	'unauthenticated',
	'forbidden',
	'client_not_owned',
	'not_found',
	'conflict',
	'payload_too_large',
	'rate_limited',
	'unavailable',
	'bad_gateway',
	'internal'
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBodySchema = z.object({
	error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]+$/u;
export const PASSWORD_MIN_LENGTH = 8;

export const credentialsSchema = z.object({
	username: z.string().trim().min(1).max(64).regex(USERNAME_PATTERN, {
		message: 'use letters, digits, dots, dashes and underscores'
	}),
	password: z
		.string()
		.min(PASSWORD_MIN_LENGTH, { message: `at least ${PASSWORD_MIN_LENGTH} characters` })
		.max(1024)
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const publicUserSchema = z.object({
	id: z.number().int(),
	username: z.string(),
	isAdmin: z.boolean()
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const sessionResponseSchema = z.object({ token: z.string(), user: publicUserSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const setupStatusSchema = z.object({ needsSetup: z.boolean(), signupEnabled: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;
