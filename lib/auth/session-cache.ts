import type { Viewer } from "./viewer-schema";

// Signed-in viewers by session cookie, kept for a few seconds: every page and
// API request needs its viewer, and reading the session and its user costs two
// queries and about 2-3 ms of CPU, more than the series read it guards. What
// ends or changes a session in this process (sign-out and every other
// Better Auth write, role and group changes, deleted accounts) forgets every
// entry at once, and a read that raced such a change is not kept. Changes
// made by another process (`triad user set-role`, a second app instance) are
// seen within VIEWER_CACHE_MS.

export const VIEWER_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  viewer: Viewer;
  until: number;
}

const holder = globalThis as unknown as { triadViewerCache?: { generation: number; byAuth: WeakMap<object, Map<string, Entry>> } };
const state = (holder.triadViewerCache ??= { generation: 0, byAuth: new WeakMap() });

/** The cache's generation: a read that started before a change is not kept after it. */
export const viewerCacheGeneration = () => state.generation;

export function cachedViewer(auth: object, cookie: string): Viewer | undefined {
  const entry = state.byAuth.get(auth)?.get(cookie);
  if (!entry) return undefined;
  if (entry.until > Date.now()) return entry.viewer;
  state.byAuth.get(auth)?.delete(cookie);
  return undefined;
}

/** Keeps a viewer read under `generation`, unless something changed since; never past the session's own expiry. */
export function rememberViewer(auth: object, cookie: string, viewer: Viewer, sessionExpiresAt: Date, generation: number): void {
  if (generation !== state.generation) return;
  let entries = state.byAuth.get(auth);
  if (!entries) state.byAuth.set(auth, (entries = new Map()));
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(cookie, { viewer, until: Math.min(Date.now() + VIEWER_CACHE_MS, sessionExpiresAt.getTime()) });
}

/** Forgets every cached viewer (of every warehouse): after anything that may end a session or change what it may see. */
export function forgetCachedViewers(): void {
  state.generation += 1;
  state.byAuth = new WeakMap();
}

const SESSION_COOKIES = ["better-auth.session_token", "__Secure-better-auth.session_token"];

/** The session cookie's value in a Cookie header, or null when it carries none. */
export function sessionCookieValue(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (SESSION_COOKIES.includes(name)) {
      const value = part.slice(eq + 1).trim();
      if (value) return value;
    }
  }
  return null;
}
