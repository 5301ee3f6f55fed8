import { z } from 'zod';

/** App passwords: what native clients (Google Reader API) sign in with instead of the web password. */

export const appPasswordNameSchema = z.string().trim().min(1).max(100);

export const createAppPasswordSchema = z.object({ name: appPasswordNameSchema }).strict();
export type CreateAppPassword = z.infer<typeof createAppPasswordSchema>;

export const appPasswordSchema = z.object({
	id: z.number().int().positive(),
	name: z.string(),
	createdAt: z.number().int(),
	/** When a client last used it (updated at most hourly), or null if never. */
	lastUsedAt: z.number().int().nullable()
});
export type AppPassword = z.infer<typeof appPasswordSchema>;

/** The answer to a creation: the only time the password itself is shown. */
export const createdAppPasswordSchema = z.object({
	id: z.number().int().positive(),
	name: z.string(),
	password: z.string()
});
export type CreatedAppPassword = z.infer<typeof createdAppPasswordSchema>;

export const appPasswordListSchema = z.object({ appPasswords: z.array(appPasswordSchema) });
export type AppPasswordList = z.infer<typeof appPasswordListSchema>;

/** The path under the server's origin that a Google Reader client is given as its server address. */
export const GREADER_PATH = '/api/greader';
