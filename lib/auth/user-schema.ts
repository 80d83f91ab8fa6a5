// Accounts as admins manage them (/admin/users, /api/users, `triad user`).
// Pure: the single source of these types for lib, routes and components.
import { z } from "zod";
import { roleSchema } from "./roles";
import { groupNameSchema } from "./viewer-schema";

/** Better Auth's limits (lib/auth/auth.ts emailAndPassword). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const MAX_NAME_LENGTH = 100;
export const MAX_GROUPS = 20;

export const userEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "must be at most 320 characters")
  .pipe(z.email("must be an email address"));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Each group once, in the order given. */
export const userGroupsSchema = z
  .array(groupNameSchema)
  .max(MAX_GROUPS, `at most ${MAX_GROUPS} groups`)
  .transform((groups) => [...new Set(groups)]);

/** POST /api/users and the create-user form. No password: the server makes one and answers it once. */
export const createUserBodySchema = z.strictObject({
  email: userEmailSchema,
  /** Shown in the header and the users table; the email's local part when absent. */
  name: z
    .string()
    .trim()
    .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
    .optional()
    .transform((n) => (n ? n : undefined)),
  role: roleSchema,
  groups: userGroupsSchema.default([]),
  password: passwordSchema.optional(),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;
export type CreateUserBodyInput = z.input<typeof createUserBodySchema>;

/** PATCH /api/users/{id}: a new role, new groups, or both. */
export const updateUserBodySchema = z
  .strictObject({ role: roleSchema.optional(), groups: userGroupsSchema.optional() })
  .refine((b) => b.role !== undefined || b.groups !== undefined, {
    message: "name at least one field to change: role or groups",
  });
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

export const userRouteParamsSchema = z.object({
  id: z.string().min(1).max(64, "must be a user id"),
});

export const managedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  groups: z.array(z.string()),
  createdAt: z.string(),
  /** The latest successful sign-in in the audit log; null when never. */
  lastSignInAt: z.string().nullable(),
});
export type ManagedUser = z.infer<typeof managedUserSchema>;

export const userListSchema = z.object({ users: z.array(managedUserSchema) });
export type UserList = z.infer<typeof userListSchema>;

export const createdUserSchema = z.object({
  user: managedUserSchema,
  /** Made by the server when the request gave none; shown once, stored only as a hash. */
  generatedPassword: z.string().nullable(),
});
export type CreatedUser = z.infer<typeof createdUserSchema>;

/** Groups as typed in a form: separated by commas or spaces. */
export const parseGroupsText = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter(Boolean);
