// Viewers for tests that call lib read functions directly, without a session.
import type { Viewer } from "@/lib/auth/viewer-schema";

export const testViewer = (role: Viewer["role"], groups: string[] = []): Viewer => ({ userId: `test-${role}`, email: `${role}@test.local`, name: role, role, groups });

/** Sees everything: what the read functions returned before row access. */
export const adminViewer: Viewer = testViewer("admin");
