import { z } from 'zod';
import { credentialsSchema, PASSWORD_MIN_LENGTH, publicUserSchema } from './api';

/** What a device may call itself at sign-in ("Alice's phone"); without it, the server names it from its browser. */
const deviceField = { device: z.string().trim().min(1).max(64).optional() };

export const loginSchema = credentialsSchema.extend(deviceField);
export type LoginRequest = z.infer<typeof loginSchema>;

/** Sign-up with an optional invitation: a valid one works while open sign-up is off. */
export const signupSchema = credentialsSchema.extend({
	...deviceField,
	invitation: z.string().min(1).max(200).optional()
});
export type SignupRequest = z.infer<typeof signupSchema>;

export const invitationCreateSchema = z
	.object({
		expiresInHours: z
			.number()
			.int()
			.min(1)
			.max(24 * 30)
			.default(72),
		admin: z.boolean().default(false)
	})
	.strict();

export const invitationStatusSchema = z.enum(['open', 'used', 'expired', 'revoked']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const invitationSchema = z.object({
	id: z.number().int(),
	admin: z.boolean(),
	createdAt: z.number(),
	expiresAt: z.number(),
	usedBy: z.string().nullable(),
	status: invitationStatusSchema
});
export type Invitation = z.infer<typeof invitationSchema>;

/** The answer to creating one: the only time the token (and so the link) is seen. */
export const createdInvitationSchema = z.object({
	id: z.number().int(),
	token: z.string(),
	url: z.string(),
	expiresAt: z.number()
});
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });

export const deviceSessionSchema = z.object({
	id: z.number().int(),
	device: z.string(),
	createdAt: z.number(),
	lastSeenAt: z.number(),
	current: z.boolean()
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;
export const deviceSessionListSchema = z.object({ sessions: z.array(deviceSessionSchema) });

export const usernameChangeSchema = credentialsSchema.pick({ username: true }).strict();
export const accountDeleteSchema = z.object({ password: z.string().min(1).max(1024) }).strict();

export const adminUserSchema = z.object({
	id: z.number().int(),
	username: z.string(),
	isAdmin: z.boolean(),
	disabled: z.boolean(),
	createdAt: z.number()
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });

export const adminUserCreateSchema = credentialsSchema.extend({ isAdmin: z.boolean().default(false) }).strict();
export const adminUserPatchSchema = z
	.object({ disabled: z.boolean(), isAdmin: z.boolean() })
	.partial()
	.strict()
	.refine((patch) => Object.keys(patch).length > 0, { message: 'name disabled or isAdmin' });
export const adminPasswordSchema = z.object({ password: z.string().min(PASSWORD_MIN_LENGTH).max(1024) }).strict();

export const meSchema = z.object({ user: publicUserSchema });
