"use client";
// Better Auth's browser client: same-origin calls to /api/auth.
import { createAuthClient } from "better-auth/client";

export const authClient = createAuthClient();
