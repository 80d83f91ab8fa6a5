// The signed-in person a request is answered for. Pure.
import { z } from "zod";
import { can, roleSchema, type Permission } from "./roles";

export const groupNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "must be lower-case letters, digits, '_' or '-', starting with a letter (at most 40)");

export const viewerSchema = z.object({
  userId: z.string().min(1),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  groups: z.array(groupNameSchema),
});
export type Viewer = z.infer<typeof viewerSchema>;

export const viewerCan = (viewer: Viewer, permission: Permission) => can(viewer.role, permission);

/**
 * Whether the viewer may see something restricted to `groups` (a metric's
 * `access.groups`, a table's `access_groups`): unrestricted, an admin, or a member of one of them.
 */
export function viewerInGroups(viewer: Viewer, groups: readonly string[] | undefined): boolean {
  if (!groups || groups.length === 0) return true;
  if (viewer.role === "admin") return true;
  return groups.some((g) => viewer.groups.includes(g));
}

/**
 * What decides which rows a viewer may see: role and groups. Cached answers are
 * keyed by it, so two viewers share one only when they may see the same rows.
 */
export const viewerAccessScope = (viewer: Viewer): string => `${viewer.role}:${[...viewer.groups].sort().join(",")}`;
