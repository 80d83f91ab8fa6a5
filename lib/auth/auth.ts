import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { Warehouse } from "@/lib/db";
import { forgetCachedViewers } from "./session-cache";
import { recordFailedSignIn, recordSignIn, recordSignOut, signInLockout } from "./sign-in-audit";

export interface TriadAuthOptions {
  secret: string;
  /** Where the app is reached (TRIAD_PUBLIC_URL): links and the fallback origin. */
  publicUrl: string;
  /** Secure cookies: HTTPS, or production with DATABASE_URL. */
  secureCookies: boolean;
}

// A week, refreshed at most daily while in use.
const SESSION_SECONDS = 7 * 24 * 60 * 60;
const SESSION_REFRESH_SECONDS = 24 * 60 * 60;

// Better Auth endpoints that only read or start a session; any other may end
// one (sign-out, revocations, password changes) or change its user.
const READS_OR_STARTS_SESSIONS = new Set(["/get-session", "/sign-in/email", "/ok", "/error"]);
const endsOrChangesSessions = (path: string) => !READS_OR_STARTS_SESSIONS.has(path);

/**
 * Better Auth over the warehouse's Prisma client: users, hashed passwords,
 * sessions and the rate limiter's counters live in the auth_* tables. No
 * public sign-up: accounts are made by an admin (or the embedded demo).
 */
export function createTriadAuth(wh: Warehouse, options: TriadAuthOptions) {
  const publicOrigin = new URL(options.publicUrl).origin;
  return betterAuth({
    appName: "Triad",
    secret: options.secret,
    // The request's own host when it is local or the public one; otherwise the public URL.
    baseURL: { allowedHosts: [new URL(options.publicUrl).host, "localhost:*", "127.0.0.1:*", "localhost", "127.0.0.1"], fallback: options.publicUrl, protocol: "auto" },
    basePath: "/api/auth",
    database: prismaAdapter(wh.prisma, { provider: "postgresql" }),
    telemetry: { enabled: false },
    user: {
      modelName: "authUser",
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: "viewer" },
        groups: { type: "string[]", required: false, input: false, defaultValue: [] },
      },
    },
    session: {
      modelName: "authSession",
      expiresIn: SESSION_SECONDS,
      updateAge: SESSION_REFRESH_SECONDS,
      // Every request reads the session row, so signing out (deleting it) ends it at once.
      cookieCache: { enabled: false },
    },
    account: { modelName: "authAccount" },
    verification: { modelName: "authVerification" },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "authRateLimit",
      window: 60,
      max: 100,
      // Per client address (or one shared bucket when no trusted proxy names it); per account see signInLockout.
      customRules: { "/sign-in/email": { window: 60, max: 30 } },
    },
    trustedOrigins: (request) => [publicOrigin, ...(request ? [new URL(request.url).origin] : [])],
    advanced: {
      useSecureCookies: options.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
          const lockout = await signInLockout(wh.sql, email);
          if (lockout) throw new APIError("TOO_MANY_REQUESTS", { message: lockout });
        }
        if (ctx.path === "/sign-out") {
          const session = await getSessionFromCtx(ctx);
          if (session) await recordSignOut(wh.sql, session.user.email);
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        // Once the change is stored: cached viewers go, and a request that read the session meanwhile is not kept.
        if (endsOrChangesSessions(ctx.path)) forgetCachedViewers();
        if (ctx.path !== "/sign-in/email") return;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        const client = { userAgent: ctx.headers?.get("user-agent") ?? null };
        const session = ctx.context.newSession;
        if (session) await recordSignIn(wh.sql, session.user.email, client);
        else if (ctx.context.returned instanceof APIError && ctx.context.returned.status !== "TOO_MANY_REQUESTS")
          await recordFailedSignIn(wh.sql, email, String(ctx.context.returned.body?.message ?? ctx.context.returned.message), client);
      }),
    },
  });
}

export type TriadAuth = ReturnType<typeof createTriadAuth>;
